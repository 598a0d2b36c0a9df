import { Fragment } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  chain: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  node: {
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    fontFamily: 'monospace',
    fontSize: '0.85rem',
  },
  last: { borderColor: theme.palette.error.main, fontWeight: 700 },
  arrow: { fontSize: '1rem', color: theme.palette.text.secondary },
}));

/** Short, readable name of an entity ref; the full ref stays in the tooltip. */
export function entityName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * A dependency path drawn as linked nodes: `frontend → order-api → postgres-db`.
 * Each node links to its entity page.
 */
export function EntityPathChain(props: {
  path: string[];
  /** Emphasise the final node (the candidate cause). */
  highlightLast?: boolean;
  label?: string;
}) {
  const classes = useStyles();
  const { path, highlightLast } = props;
  return (
    <nav
      className={classes.chain}
      aria-label={props.label ?? 'dependency path'}
    >
      {path.map((ref, index) => (
        <Fragment key={`${ref}-${index}`}>
          {index > 0 && (
            <ArrowForwardIcon className={classes.arrow} aria-hidden />
          )}
          <span
            className={`${classes.node} ${
              highlightLast && index === path.length - 1 ? classes.last : ''
            }`}
          >
            <EntityRefLink entityRef={ref} hideIcon>
              {entityName(ref)}
            </EntityRefLink>
          </span>
        </Fragment>
      ))}
    </nav>
  );
}

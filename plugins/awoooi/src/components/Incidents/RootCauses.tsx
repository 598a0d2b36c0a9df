import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  describeMetricAnomaly,
  type RootCause,
} from '@awoooi/plugin-awoooi-common';
import { EntityPathChain } from '../common/EntityPathChain';
import { MetricEvidence } from './MetricEvidence';
import { TruncatedText } from '../common/TruncatedText';

const useStyles = makeStyles(theme => ({
  cause: {
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
    borderLeft: `4px solid ${theme.palette.error.main}`,
    background: theme.palette.background.default,
  },
  symptom: { borderLeftColor: theme.palette.warning.main, opacity: 0.85 },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
}));

/** Evidence lines other than the anomalies, which MetricEvidence shows in full. */
function otherEvidence(cause: RootCause): string[] {
  const shown = new Set(
    (cause.anomalies ?? []).map(a => describeMetricAnomaly(a)),
  );
  return cause.evidence.filter(line => !shown.has(line));
}

/** Rank, priority, cause or symptom, and distance from the alerting entity. */
function CauseHeader({ cause }: { cause: RootCause }) {
  const classes = useStyles();
  return (
    <div className={classes.header}>
      <Typography variant="subtitle1" component="span">
        #{cause.rank}
      </Typography>
      <Chip size="small" label={cause.priority} variant="outlined" />
      {cause.symptom ? (
        <Chip size="small" label="symptom" style={{ background: '#ffe0b2' }} />
      ) : (
        <Chip size="small" label="probable cause" color="secondary" />
      )}
      <Typography variant="caption" color="textSecondary">
        {cause.distance} {cause.distance === 1 ? 'hop' : 'hops'} away
      </Typography>
    </div>
  );
}

function CauseItem({ cause }: { cause: RootCause }) {
  const classes = useStyles();
  return (
    <li className={`${classes.cause} ${cause.symptom ? classes.symptom : ''}`}>
      <CauseHeader cause={cause} />
      <Box mt={1}>
        <EntityPathChain
          path={cause.path}
          highlightLast
          label={`path to ${cause.entityRef}`}
        />
      </Box>
      {cause.anomalies && cause.anomalies.length > 0 && (
        <MetricEvidence anomalies={cause.anomalies} />
      )}
      {otherEvidence(cause).length > 0 && (
        <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
          {otherEvidence(cause).map(line => (
            <li key={line}>
              <Typography variant="body2">
                <TruncatedText text={line} />
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * Every unhealthy dependency, ranked: probable causes first, symptoms
 * (trouble explained by something further down) marked as such.
 */
export function RootCauses(props: { rootCauses: RootCause[] }) {
  const ranked = [...props.rootCauses].sort((a, b) => a.rank - b.rank);
  if (ranked.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No unhealthy dependency found; the alerting entity itself is the likely
        cause.
      </Typography>
    );
  }
  return (
    <ol
      aria-label="root causes"
      style={{ paddingLeft: 0, listStyle: 'none', margin: 0 }}
    >
      {ranked.map(cause => (
        <CauseItem key={cause.entityRef} cause={cause} />
      ))}
    </ol>
  );
}

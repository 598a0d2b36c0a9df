import { useState, type ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';

/** Characters shown before a text is cut; long enough for any real title. */
export const TRUNCATE_AT = 200;

const useStyles = makeStyles(theme => ({
  // An unbroken 200 KB token wraps instead of widening the page.
  text: { overflowWrap: 'anywhere', wordBreak: 'break-word' },
  // Shown in full, a huge text scrolls in its own box instead of making the
  // page tens of thousands of pixels tall.
  full: {
    display: 'block',
    maxHeight: '20em',
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  toggle: {
    marginLeft: theme.spacing(0.5),
    padding: theme.spacing(0, 0.5),
    minWidth: 0,
    fontSize: '0.75rem',
    textTransform: 'none',
    verticalAlign: 'baseline',
  },
}));

/**
 * Text that came from an alert (a title, a label, an annotation): cut at
 * {@link TRUNCATE_AT} characters with an ellipsis, the full text a click
 * away. `wrap` places the shown text inside a link or button while the
 * toggle stays outside it (a button may not contain another).
 */
export function TruncatedText(props: {
  text: string;
  max?: number;
  wrap?: (shown: ReactNode) => ReactNode;
}) {
  const { text, max = TRUNCATE_AT, wrap = shown => shown } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  if (text.length <= max) {
    return <span className={classes.text}>{wrap(text)}</span>;
  }
  const toggle = (
    <Button
      size="small"
      color="primary"
      className={classes.toggle}
      aria-expanded={expanded}
      onClick={event => {
        // Inside a clickable row, showing more must not select the row.
        event.stopPropagation();
        setExpanded(!expanded);
      }}
    >
      {expanded
        ? 'show less'
        : `show all ${text.length.toLocaleString('en-US')} characters`}
    </Button>
  );
  return (
    <span className={classes.text}>
      {expanded ? (
        <span className={classes.full}>{wrap(text)}</span>
      ) : (
        wrap(`${text.slice(0, max)}…`)
      )}
      {toggle}
    </span>
  );
}

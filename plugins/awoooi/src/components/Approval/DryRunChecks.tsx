import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { DryRunCheck, DryRunResult } from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';

export function DryRunOutcomeIcon(props: { outcome: DryRunCheck['outcome'] }) {
  switch (props.outcome) {
    case 'pass':
      return <StatusOK aria-label="pass" />;
    case 'warn':
      return <StatusWarning aria-label="warning" />;
    default:
      return <StatusError aria-label="fail" />;
  }
}

/** Each dry-run check with its outcome icon and detail. */
export function DryRunChecks(props: {
  dryRun: DryRunResult | null;
  title?: string;
  /** Names of checks to emphasise (they differ from another run). */
  changed?: ReadonlySet<string>;
}) {
  const { dryRun, title, changed } = props;
  if (!dryRun) {
    return (
      <Typography variant="body2" color="textSecondary">
        {title ? `${title}: ` : ''}no dry-run recorded
      </Typography>
    );
  }
  return (
    <div>
      {title && <Typography variant="subtitle2">{title}</Typography>}
      <Typography variant="caption" color="textSecondary" component="div">
        {dryRun.ok ? 'passed' : 'did not pass'} ·{' '}
        <RelativeTime iso={dryRun.at} /> · fingerprint{' '}
        <code>{dryRun.fingerprint.slice(0, 12)}</code>
      </Typography>
      <List dense disablePadding>
        {dryRun.checks.map(check => (
          <ListItem
            key={check.name}
            disableGutters
            selected={changed?.has(check.name) ?? false}
          >
            <span style={{ minWidth: 28, display: 'inline-flex' }}>
              <DryRunOutcomeIcon outcome={check.outcome} />
            </span>
            <ListItemText primary={check.name} secondary={check.detail} />
          </ListItem>
        ))}
      </List>
    </div>
  );
}

import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { DryRunResult } from '@awoooi/plugin-awoooi-common';
import { DryRunChecks } from './DryRunChecks';

/** Names of checks whose outcome or detail differ between two runs. */
export function changedChecks(
  before: DryRunResult | null,
  after: DryRunResult | null,
): Set<string> {
  const changed = new Set<string>();
  const earlier = new Map((before?.checks ?? []).map(c => [c.name, c]));
  for (const check of after?.checks ?? []) {
    const old = earlier.get(check.name);
    if (!old || old.outcome !== check.outcome || old.detail !== check.detail) {
      changed.add(check.name);
    }
  }
  return changed;
}

/**
 * The dry-run the approvers saw next to the one taken right before execution:
 * what changed in between is why the proposal was voided.
 */
export function DryRunComparison(props: {
  dryRun: DryRunResult | null;
  preExecutionDryRun: DryRunResult | null;
}) {
  const { dryRun, preExecutionDryRun } = props;
  const changed = changedChecks(dryRun, preExecutionDryRun);
  const fingerprintChanged =
    !!dryRun &&
    !!preExecutionDryRun &&
    dryRun.fingerprint !== preExecutionDryRun.fingerprint;
  return (
    <section aria-label="dry-run comparison">
      {fingerprintChanged && (
        <Typography variant="body2" color="error" gutterBottom>
          The state changed after approval (fingerprint{' '}
          <code>{dryRun!.fingerprint.slice(0, 12)}</code> →{' '}
          <code>{preExecutionDryRun!.fingerprint.slice(0, 12)}</code>).
        </Typography>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} md={6} data-testid="dry-run-approved">
          <DryRunChecks dryRun={dryRun} title="Dry-run approvers saw" />
        </Grid>
        <Grid item xs={12} md={6} data-testid="dry-run-pre-execution">
          <DryRunChecks
            dryRun={preExecutionDryRun}
            title="Dry-run before execution"
            changed={changed}
          />
        </Grid>
      </Grid>
    </section>
  );
}

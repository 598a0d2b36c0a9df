import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { Proposal } from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';
import { DryRunComparison } from './DryRunComparison';
import { FixVerification } from './FixVerification';

const ENDED_STATES = new Set([
  'VOIDED',
  'FAILED',
  'UNKNOWN',
  'EXPIRED',
  'REJECTED',
  'BLOCKED',
]);

/**
 * The end of a proposal's road: the execution result, or why it did not run.
 * A VOIDED proposal shows both dry-runs so the difference is visible.
 */
export function ProposalOutcome(props: { proposal: Proposal }) {
  const { proposal } = props;
  if (proposal.state === 'EXECUTING') {
    return <Alert severity="info">Executing now…</Alert>;
  }
  if (proposal.state === 'EXECUTED') {
    const ok = proposal.result?.ok !== false;
    return (
      <>
        <Alert severity={ok ? 'success' : 'error'}>
          <AlertTitle>EXECUTED</AlertTitle>
          {proposal.result?.detail ?? 'The action ran.'}
          {proposal.result && (
            <>
              {' '}
              (<RelativeTime iso={proposal.result.at} />)
            </>
          )}
        </Alert>
        {proposal.verification && (
          <FixVerification verification={proposal.verification} />
        )}
      </>
    );
  }
  if (!ENDED_STATES.has(proposal.state)) return null;
  return (
    <>
      <Alert
        severity={
          proposal.state === 'EXPIRED' || proposal.state === 'UNKNOWN'
            ? 'warning'
            : 'error'
        }
      >
        <AlertTitle>{proposal.state}</AlertTitle>
        {proposal.reason ?? proposal.result?.detail ?? 'No reason recorded.'}
      </Alert>
      {proposal.state === 'VOIDED' && (
        <DryRunComparison
          dryRun={proposal.dryRun}
          preExecutionDryRun={proposal.preExecutionDryRun}
        />
      )}
    </>
  );
}

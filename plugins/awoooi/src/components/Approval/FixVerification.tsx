import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  ProposalVerification,
  VerificationOutcome,
} from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';
import { proposalAnchor } from './anchors';

const SEVERITY: Record<VerificationOutcome, 'success' | 'warning' | 'error'> = {
  VERIFIED: 'success',
  INEFFECTIVE: 'warning',
  REGRESSED: 'error',
};

/**
 * Whether the executed fix worked: the open window with what the last check
 * saw, or the outcome with its reason and the rollback it led to.
 */
export function FixVerification(props: { verification: ProposalVerification }) {
  const v = props.verification;
  if (!v.outcome) {
    return (
      <Alert severity="info" style={{ marginTop: 8 }}>
        <AlertTitle>Verifying</AlertTitle>
        Watching the outcome until <RelativeTime iso={v.deadline} />
        {v.detail ? `: ${v.detail}` : '.'}
      </Alert>
    );
  }
  return (
    <Alert severity={SEVERITY[v.outcome]} style={{ marginTop: 8 }}>
      <AlertTitle>{v.outcome}</AlertTitle>
      {v.detail}
      {v.decidedAt && (
        <>
          {' '}
          (<RelativeTime iso={v.decidedAt} />)
        </>
      )}
      {v.rollbackProposalId && (
        <>
          {' '}
          · rollback proposed:{' '}
          <a href={proposalAnchor(v.rollbackProposalId)}>review it</a>
        </>
      )}
    </Alert>
  );
}

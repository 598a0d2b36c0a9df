import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type { AwoooiMe, Proposal } from '@awoooi/plugin-awoooi-common';
import { awoooiApiRef } from '../../api';
import { checkSigning } from './signing';
import { errorText } from '../common/errors';

type Decision = 'approve' | 'reject';
type SigningCheck = ReturnType<typeof checkSigning>;

/** Why the caller cannot sign: once when both buttons are off for one reason. */
function signingReasons(approve: SigningCheck, reject: SigningCheck): string[] {
  const reasons: string[] = [];
  if (!approve.allowed && !reject.allowed && approve.reason === reject.reason) {
    reasons.push(`Cannot sign: ${approve.reason}`);
  } else {
    if (!approve.allowed) reasons.push(`Cannot approve: ${approve.reason}`);
    if (!reject.allowed) reasons.push(`Cannot reject: ${reject.reason}`);
  }
  return reasons;
}

/** The comment being written and the decision being sent, with its error. */
function useSignature(
  proposal: Proposal,
  onChanged: (proposal: Proposal) => void,
) {
  const api = useApi(awoooiApiRef);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<Decision | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (decision: Decision) => {
    setBusy(decision);
    setError(null);
    try {
      const text = comment.trim() || undefined;
      const updated =
        decision === 'approve'
          ? await api.approveProposal(proposal.id, text)
          : await api.rejectProposal(proposal.id, text);
      setComment('');
      onChanged(updated);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  };
  return { comment, setComment, busy, error, submit };
}

/** Why a button is off, and the error of the last attempt. */
function SigningNotes(props: { reasons: string[]; error: Error | null }) {
  const { reasons, error } = props;
  return (
    <>
      {reasons.map(reason => (
        <Typography
          key={reason}
          variant="body2"
          color="textSecondary"
          role="note"
        >
          {reason}
        </Typography>
      ))}
      {error && (
        <Box mt={1}>
          <Alert severity="error">{errorText(error)}</Alert>
        </Box>
      )}
    </>
  );
}

/**
 * APPROVE & EXECUTE / REJECT with an optional comment. Each button is enabled
 * only when the shared signing rules allow it; otherwise the reason is shown.
 */
export function ApprovalActions(props: {
  proposal: Proposal;
  me: AwoooiMe | undefined;
  onChanged: (proposal: Proposal) => void;
}) {
  const { proposal, me, onChanged } = props;
  const { comment, setComment, busy, error, submit } = useSignature(
    proposal,
    onChanged,
  );
  const approve = checkSigning(proposal, me, 'approve');
  const reject = checkSigning(proposal, me, 'reject');
  const reasons = signingReasons(approve, reject);

  return (
    <Box mt={1}>
      {(approve.allowed || reject.allowed) && (
        <TextField
          id={`awoooi-comment-${proposal.id}`}
          label="Comment (optional)"
          size="small"
          fullWidth
          variant="outlined"
          value={comment}
          onChange={e => setComment(e.target.value)}
          disabled={busy !== null}
        />
      )}
      <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={!approve.allowed || busy !== null}
          onClick={() => submit('approve')}
        >
          {busy === 'approve' ? 'Signing…' : 'Approve & execute'}
        </Button>
        <Button
          variant="outlined"
          color="secondary"
          disabled={!reject.allowed || busy !== null}
          onClick={() => submit('reject')}
        >
          {busy === 'reject' ? 'Rejecting…' : 'Reject'}
        </Button>
      </Box>
      <SigningNotes reasons={reasons} error={error} />
    </Box>
  );
}

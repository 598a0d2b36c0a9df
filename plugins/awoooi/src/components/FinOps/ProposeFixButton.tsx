import { useState } from 'react';
import Button from '@material-ui/core/Button';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type {
  FinOpsRecommendation,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import { awoooiApiRef } from '../../api';
import { errorText } from '../common/errors';
import { proposalAnchor } from '../Approval/anchors';

/** The proposal created from the recommendation, the request in flight and its error. */
function usePropose(
  recommendation: FinOpsRecommendation,
  onProposed?: (proposal: Proposal) => void,
) {
  const api = useApi(awoooiApiRef);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const propose = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.proposeRecommendation(recommendation.id);
      setProposal(created);
      onProposed?.(created);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return { proposal, busy, error, propose };
}

/**
 * Turns a recommendation into a proposal that goes through approval, then
 * shows the proposal's state. A recommendation already proposed shows its id.
 */
export function ProposeFixButton(props: {
  recommendation: FinOpsRecommendation;
  onProposed?: (proposal: Proposal) => void;
}) {
  const { recommendation, onProposed } = props;
  const { proposal, busy, error, propose } = usePropose(
    recommendation,
    onProposed,
  );

  if (proposal) {
    return (
      <Typography variant="body2">
        <MuiLink href={proposalAnchor(proposal.id)}>
          Proposal <code>{proposal.id}</code>
        </MuiLink>
        : {proposal.state}
      </Typography>
    );
  }
  if (recommendation.proposalId) {
    return (
      <Typography variant="body2" color="textSecondary">
        Proposed as{' '}
        <MuiLink href={proposalAnchor(recommendation.proposalId)}>
          <code>{recommendation.proposalId}</code>
        </MuiLink>
      </Typography>
    );
  }
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        disabled={busy}
        onClick={propose}
      >
        {busy ? 'Proposing…' : 'Propose fix'}
      </Button>
      {error && (
        <Typography
          variant="caption"
          color="error"
          component="div"
          role="alert"
        >
          {errorText(error)}
        </Typography>
      )}
    </>
  );
}

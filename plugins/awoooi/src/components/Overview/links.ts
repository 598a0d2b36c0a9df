import { useCallback } from 'react';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type { Proposal } from '@awoooi/plugin-awoooi-common';
import { proposalAnchor } from '../Approval/anchors';

/** Path of an entity's Incidents tab, with the incident selected when given. */
export function useIncidentLink(): (
  entityRef: string,
  incidentId?: string | null,
) => string {
  const entityLink = useEntityRefLink();
  return useCallback(
    (entityRef, incidentId) => {
      const base = `${entityLink(entityRef)}/incidents`;
      return incidentId
        ? `${base}?incident=${encodeURIComponent(incidentId)}`
        : base;
    },
    [entityLink],
  );
}

/**
 * Where a proposal is approved: its incident on the Incidents tab, or for a
 * FinOps fix (no incident) its card on the FinOps tab.
 */
export function useProposalLink(): (proposal: Proposal) => string {
  const entityLink = useEntityRefLink();
  const incidentLink = useIncidentLink();
  return useCallback(
    proposal =>
      proposal.incidentId
        ? incidentLink(proposal.entityRef, proposal.incidentId)
        : `${entityLink(proposal.entityRef)}/finops${proposalAnchor(
            proposal.id,
          )}`,
    [entityLink, incidentLink],
  );
}

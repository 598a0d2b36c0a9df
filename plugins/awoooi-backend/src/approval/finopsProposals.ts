import { ConflictError, InputError } from '@backstage/errors';
import {
  awoooiProposalCreatePermission,
  FinOpsRecommendation,
} from '@awoooi/plugin-awoooi-common';
import type { AwoooiFinOpsRecommendations } from '@awoooi/plugin-awoooi-node';
import type express from 'express';
import type { ProposalStore } from '../database/ProposalStore';
import type { Access } from '../service/access';
import type { ProposalService } from './ProposalService';

/** Parameters of the fix a recommendation names, as the scan computed them. */
function paramsFor(rec: FinOpsRecommendation): Record<string, unknown> {
  if (rec.params) return rec.params;
  throw new ConflictError(
    `The recommendation for ${rec.resource} predates stored fix parameters; it can be proposed after the next FinOps scan`,
  );
}

/** `POST /finops/recommendations/:id/propose`: a recommendation becomes a proposal (idempotent). */
export function registerFinOpsProposalRoute(
  router: express.Router,
  deps: {
    access: Access;
    finops: AwoooiFinOpsRecommendations;
    proposals: ProposalService;
    store: ProposalStore;
  },
) {
  router.post('/finops/recommendations/:id/propose', async (req, res) => {
    await deps.access.authorize(req, awoooiProposalCreatePermission);
    const caller = await deps.access.user(req);
    const rec = await deps.finops.getRecommendation(req.params.id);
    if (!rec) throw new InputError(`No FinOps recommendation ${req.params.id}`);
    if (!rec.entityRef) {
      // Proposals are read and signed through their catalog entity's permissions.
      throw new ConflictError(
        `${rec.resource} maps to no catalog entity (annotate a Resource with backstage.io/kubernetes-id); it cannot be proposed`,
      );
    }
    await deps.access.assertCanReadEntity(caller.credentials, rec.entityRef);
    const proposal = await deps.proposals.propose({
      source: 'finops',
      incidentId: null,
      dedupeKey: `finops:${rec.id}`,
      action: rec.action,
      target: `${rec.cluster}:${rec.resource}`,
      entityRef: rec.entityRef,
      params: paramsFor(rec),
      risk: rec.risk,
      title: `FinOps: ${rec.action} ${
        rec.resource
      } (saves ${rec.monthlyCost.toFixed(2)}/month)`,
      blastRadius: [],
      proposedBy: caller.userEntityRef,
    });
    await deps.finops.markProposed(rec.id, proposal.id);
    res.status(201).json(proposal);
  });
}

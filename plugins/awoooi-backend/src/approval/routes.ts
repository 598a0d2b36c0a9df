import { NotFoundError } from '@backstage/errors';
import {
  awoooiIncidentReadPermission,
  awoooiProposalApprovePermission,
} from '@awoooi/plugin-awoooi-common';
import type express from 'express';
import { z } from 'zod';
import type { ProposalStore } from '../database/ProposalStore';
import type { Access } from '../service/access';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { ProposalService } from './ProposalService';

const listQuery = z.object({
  state: z.string().optional(),
  entityRef: z.string().optional(),
  incidentId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const signBody = z
  .object({ comment: z.string().max(2000).optional() })
  .strict();

interface ProposalRouteDeps {
  access: Access;
  store: ProposalStore;
  proposals: ProposalService;
  trustThresholds: { high: number; medium: number };
}

/** Proposal routes: read them, approve or reject them, read trust. */
export function registerProposalRoutes(
  router: express.Router,
  deps: ProposalRouteDeps,
) {
  const { access, store } = deps;

  router.get('/proposals', async (req, res) => {
    const q = parseQuery(listQuery, req.query);
    const credentials = await access.authorize(
      req,
      awoooiIncidentReadPermission,
    );
    const items = await store.list(q);
    res.json({ items: await access.readableOnly(credentials, items) });
  });

  router.get('/proposals/:id', async (req, res) => {
    const credentials = await access.authorize(
      req,
      awoooiIncidentReadPermission,
    );
    const proposal = await store.get(req.params.id);
    if (!proposal) throw new NotFoundError(`No proposal ${req.params.id}`);
    await access.assertCanReadEntity(credentials, proposal.entityRef);
    res.json(proposal);
  });

  registerSignRoutes(router, deps);

  router.get('/trust', async (req, res) => {
    await access.authorize(req, awoooiIncidentReadPermission);
    res.json({ items: await store.trust.list(deps.trustThresholds) });
  });
}

/** POST /proposals/:id/approve and /proposals/:id/reject: a signature of the caller. */
function registerSignRoutes(
  router: express.Router,
  { access, store, proposals }: ProposalRouteDeps,
) {
  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/proposals/:id/${decision}`, async (req, res) => {
      const body = parseQuery(signBody, req.body ?? {});
      // Approving may execute the fix, with its parameters rehydrated.
      access.requireConfig(
        ...(decision === 'approve'
          ? (['roles', 'privacyKey'] as const)
          : (['roles'] as const)),
      );
      await access.authorize(req, awoooiProposalApprovePermission);
      // Identity and roles from Backstage auth, never from the body.
      const caller = await access.user(req);
      // Only what the caller can read in the catalog can be signed (404 otherwise).
      const target = await store.get(req.params.id);
      if (!target) throw new NotFoundError(`No proposal ${req.params.id}`);
      await access.assertCanReadEntity(caller.credentials, target.entityRef);
      const proposal = await proposals.sign(
        req.params.id,
        { userRef: caller.userEntityRef, roles: caller.roles },
        decision,
        body.comment ?? '',
      );
      res.json(proposal);
    });
  }
}

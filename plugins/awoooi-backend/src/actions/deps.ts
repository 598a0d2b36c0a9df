import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  awoooiIncidentReadPermission,
  Incident,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import type { ProposalService } from '../approval/ProposalService';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { ProposalStore } from '../database/ProposalStore';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import type { Access } from '../service/access';

/** The services the REST routes use; the actions call the same ones. */
export interface AwoooiActionsDeps {
  access: Access;
  catalog: CatalogService;
  incidents: IncidentStore;
  analyses: AnalysisStore;
  operationLog: OperationLogStore;
  vault: PrivacyVault;
  proposals: ProposalService;
  proposalStore: ProposalStore;
  executors: ExecutorRegistry;
}

/** An incident the caller may read: the read permission, then its entity's catalog visibility. */
export async function readableIncident(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  incidentId: string,
): Promise<Incident> {
  await deps.access.assertAllowed(credentials, awoooiIncidentReadPermission);
  const incident = await deps.incidents.getIncident(incidentId);
  if (!incident) throw new NotFoundError(`No incident ${incidentId}`);
  await deps.access.assertCanReadEntity(credentials, incident.entityRef);
  return incident;
}

/** A proposal the caller may read, by the same rules as its incident. */
export async function readableProposal(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  proposalId: string,
): Promise<Proposal> {
  await deps.access.assertAllowed(credentials, awoooiIncidentReadPermission);
  const proposal = await deps.proposalStore.get(proposalId);
  if (!proposal) throw new NotFoundError(`No proposal ${proposalId}`);
  await deps.access.assertCanReadEntity(credentials, proposal.entityRef);
  return proposal;
}

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

/**
 * A record (incident, proposal) the caller may read: the read permission,
 * then its entity's catalog visibility. 404 when there is none.
 */
async function readableRecord<T extends { entityRef: string }>(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  what: string,
  id: string,
  get: (id: string) => Promise<T | undefined>,
): Promise<T> {
  await deps.access.assertAllowed(credentials, awoooiIncidentReadPermission);
  const record = await get(id);
  if (!record) throw new NotFoundError(`No ${what} ${id}`);
  await deps.access.assertCanReadEntity(credentials, record.entityRef);
  return record;
}

/** An incident the caller may read. */
export function readableIncident(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  incidentId: string,
): Promise<Incident> {
  return readableRecord(deps, credentials, 'incident', incidentId, id =>
    deps.incidents.getIncident(id),
  );
}

/** A proposal the caller may read, by the same rules as its incident. */
export function readableProposal(
  deps: AwoooiActionsDeps,
  credentials: BackstageCredentials,
  proposalId: string,
): Promise<Proposal> {
  return readableRecord(deps, credentials, 'proposal', proposalId, id =>
    deps.proposalStore.get(id),
  );
}

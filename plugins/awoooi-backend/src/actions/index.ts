import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { AwoooiActionsDeps } from './deps';
import {
  registerGetIncident,
  registerListOpenIncidents,
} from './incidentActions';
import { registerIncidentReportAction } from './incidentReport';
import {
  registerGetProposal,
  registerMyPendingApprovals,
} from './proposalActions';
import { registerProposeAction } from './proposeAction';
import { registerSignActions } from './signActions';

export type { AwoooiActionsDeps } from './deps';

/**
 * AWOOOI in the Backstage Actions Registry (served as MCP tools by
 * `@backstage/plugin-mcp-actions-backend`): the caller's own credentials,
 * the same services, permissions and signature rules as the REST routes,
 * Privacy-Shield output only.
 */
export function registerAwoooiActions(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registerListOpenIncidents(registry, deps);
  registerGetIncident(registry, deps);
  registerIncidentReportAction(registry, deps);
  registerMyPendingApprovals(registry, deps);
  registerGetProposal(registry, deps);
  registerProposeAction(registry, deps);
  registerSignActions(registry, deps);
}

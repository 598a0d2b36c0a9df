import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { AwoooiActionsDeps } from './deps';
import { registerIncidentActions } from './incidentActions';
import { registerIncidentReportAction } from './incidentReport';
import { registerProposalReadActions } from './proposalActions';
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
  registerIncidentActions(registry, deps);
  registerIncidentReportAction(registry, deps);
  registerProposalReadActions(registry, deps);
  registerProposeAction(registry, deps);
  registerSignActions(registry, deps);
}

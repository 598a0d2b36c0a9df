/**
 * AWOOOI frontend plugin: entity Incidents and FinOps tabs, compliance cards
 * and an overview page. This entry point serves legacy apps; the new frontend
 * system uses the default export of `@awoooi/plugin-awoooi/alpha`.
 *
 * @packageDocumentation
 */
export {
  awoooiPlugin,
  AwoooiPage,
  EntityAwoooiIncidentsContent,
  EntityAwoooiFinOpsContent,
  EntityAwoooiComplianceCard,
  EntityAwoooiGroupComplianceCard,
} from './plugin';
export { awoooiApiRef, AwoooiClient } from './api';
export { isAwoooiAvailable } from '@awoooi/plugin-awoooi-common';

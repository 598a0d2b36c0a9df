export {
  correlateAlerts,
  groupAlerts,
  DEFAULT_CORRELATION_WINDOW_MS,
  type CorrelatedIncident,
  type CorrelationAlert,
  type CorrelationOptions,
} from './correlateAlerts';
export { primaryRootCause } from './primaryRootCause';
export { distancesTo, reachable, relatedEntities } from './reach';

export {
  correlateAlerts,
  DEFAULT_CORRELATION_WINDOW_MS,
  type CorrelatedIncident,
  type CorrelationAlert,
  type CorrelationOptions,
} from './correlateAlerts';
export { primaryRootCause } from './primaryRootCause';
export { reachable, relatedEntities } from './reach';

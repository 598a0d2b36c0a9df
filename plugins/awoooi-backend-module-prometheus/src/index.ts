/**
 * AWOOOI backend module: Prometheus servers as metrics sources of the
 * scanners (PromQL over the HTTP API, alerting rules).
 *
 * @packageDocumentation
 */
export { awoooiModulePrometheus as default } from './module';
export {
  PrometheusClient,
  DEFAULT_PROMETHEUS_TIMEOUT_MS,
  type PrometheusServerConfig,
} from './PrometheusClient';
export { PrometheusError, type PrometheusErrorKind } from './PrometheusError';
export { readPrometheusServers } from './readServers';

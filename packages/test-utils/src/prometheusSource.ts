// The real client of the Prometheus module, so these tests cover the path
// production takes.
import { PrometheusClient } from '@awoooi/plugin-awoooi-backend-module-prometheus';

export function prometheusSource(
  name: string,
  baseUrl: string,
  timeoutMs = 5_000,
) {
  return new PrometheusClient({ name, baseUrl, timeoutMs });
}

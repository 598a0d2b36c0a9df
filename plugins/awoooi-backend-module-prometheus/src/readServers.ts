import type { Config } from '@backstage/config';
import { readDurationMs } from '@awoooi/plugin-awoooi-node';
import {
  DEFAULT_PROMETHEUS_TIMEOUT_MS,
  PrometheusServerConfig,
} from './PrometheusClient';

/** Reads and checks `awoooi.prometheus.servers`. */
export function readPrometheusServers(
  config: Config,
): PrometheusServerConfig[] {
  const entries =
    config.getOptionalConfigArray('awoooi.prometheus.servers') ?? [];
  const seen = new Set<string>();
  return entries.map(entry => {
    const name = entry.getString('name');
    const where = `awoooi.prometheus.servers '${name}'`;
    if (seen.has(name)) throw new Error(`${where}: duplicate server name`);
    seen.add(name);
    const baseUrl = entry.getString('baseUrl');
    if (!/^https?:\/\/[^/]/.test(baseUrl)) {
      throw new Error(`${where}: baseUrl must start with http:// or https://`);
    }
    const token = entry.getOptionalString('token');
    const username = entry.getOptionalString('username');
    const password = entry.getOptionalString('password');
    if (token && username !== undefined) {
      throw new Error(`${where}: set either token or username/password`);
    }
    if (password !== undefined && username === undefined) {
      throw new Error(`${where}: password needs a username`);
    }
    return {
      name,
      baseUrl,
      token,
      username,
      password,
      timeoutMs: readDurationMs(
        entry,
        'timeout',
        DEFAULT_PROMETHEUS_TIMEOUT_MS,
      ),
    };
  });
}

import type { HostReading } from '@awoooi/plugin-awoooi-common';
import type {
  AwoooiMetricsSource,
  PromSample,
} from '@awoooi/plugin-awoooi-node';

export type { HostReading } from '@awoooi/plugin-awoooi-common';

type Metric = Exclude<keyof HostReading, 'instance'>;

/**
 * PromQL per figure, averaged over `window` and grouped by `instance`.
 * CPU % is everything but idle; swap is 0 on hosts without swap.
 */
export function hostQueries(window: string): Record<Metric, string> {
  const avg = (expr: string) =>
    `avg by (instance) (avg_over_time(${expr}[${window}]))`;
  return {
    load1: avg('node_load1'),
    load5: avg('node_load5'),
    load15: avg('node_load15'),
    cpuPercent: `100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${window}])))`,
    iowaitPercent: `100 * avg by (instance) (rate(node_cpu_seconds_total{mode="iowait"}[${window}]))`,
    memoryPercent: `100 * (1 - ${avg('node_memory_MemAvailable_bytes')} / ${avg(
      'node_memory_MemTotal_bytes',
    )})`,
    swapPercent: `100 * (${avg('node_memory_SwapTotal_bytes')} - ${avg(
      'node_memory_SwapFree_bytes',
    )}) / clamp_min(${avg('node_memory_SwapTotal_bytes')}, 1)`,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Reads every host of one Prometheus. Hosts lacking a figure (too few
 * samples yet, exporter without that collector) are returned by name so the
 * run can say so; they get no verdict rather than a made-up one.
 */
export async function readHosts(
  source: AwoooiMetricsSource,
  window: string,
  at: Date,
): Promise<{ hosts: HostReading[]; incomplete: string[] }> {
  const queries = hostQueries(window);
  const metrics = Object.keys(queries) as Metric[];
  const results = await Promise.all(
    metrics.map(m => source.query(queries[m], at)),
  );
  const byHost = new Map<string, Partial<HostReading>>();
  results.forEach((samples: PromSample[], i) => {
    for (const sample of samples) {
      const instance = sample.labels.instance;
      if (!instance || !Number.isFinite(sample.value)) continue;
      const host = byHost.get(instance) ?? { instance };
      host[metrics[i]] = round(sample.value);
      byHost.set(instance, host);
    }
  });
  const hosts: HostReading[] = [];
  const incomplete: string[] = [];
  for (const [instance, host] of [...byHost].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    if (metrics.every(m => typeof host[m] === 'number'))
      hosts.push(host as HostReading);
    else incomplete.push(instance);
  }
  return { hosts, incomplete };
}

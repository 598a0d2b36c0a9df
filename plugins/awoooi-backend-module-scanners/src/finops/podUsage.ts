import type {
  AwoooiMetricsSource,
  PromSeries,
} from '@awoooi/plugin-awoooi-node';
import { GIB } from './quantity';

const DAY_S = 86_400;

/** Daily use of one pod, oldest first, ending on the latest day. */
export interface PodUsage {
  dailyCpuCores: number[];
  dailyMemoryGi: number[];
}

/** cAdvisor series of real containers (not the pause container), narrowed by `selector`. */
function matcher(metric: string, selector?: string) {
  return `${metric}{container!="",container!="POD"${
    selector ? `,${selector}` : ''
  }}`;
}

/**
 * Mean CPU cores per day (rate over each day) and peak memory per day
 * (max over the day of the pod's summed working set), per pod.
 */
export function usageQueries(selector?: string) {
  return {
    cpu: `sum by (namespace, pod) (rate(${matcher(
      'container_cpu_usage_seconds_total',
      selector,
    )}[1d]))`,
    memory: `max_over_time(sum by (namespace, pod) (${matcher(
      'container_memory_working_set_bytes',
      selector,
    )})[1d:5m])`,
  };
}

/**
 * The days a series has without a gap, counted back from the latest day;
 * a missing day ends the run, so a gap is never taken for idle days.
 */
function trailingDays(
  series: PromSeries,
  steps: number[],
  scale: number,
): number[] {
  const byTime = new Map(
    series.values.map(v => [Math.round(v.timestamp), v.value]),
  );
  const out: number[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const value = byTime.get(steps[i]);
    if (value === undefined || !Number.isFinite(value)) break;
    out.unshift(value / scale);
  }
  return out;
}

/** `days` points a day apart ending at `end` (each covering the day before it), per pod. */
export async function readPodUsage(
  source: AwoooiMetricsSource,
  end: Date,
  days: number,
  selector?: string,
): Promise<Map<string, PodUsage>> {
  const endS = Math.floor(end.getTime() / 1000);
  const steps = Array.from(
    { length: days },
    (_, i) => endS - (days - 1 - i) * DAY_S,
  );
  const start = new Date(steps[0] * 1000);
  const stop = new Date(endS * 1000);
  const queries = usageQueries(selector);
  const [cpu, memory] = await Promise.all([
    source.queryRange(queries.cpu, start, stop, DAY_S),
    source.queryRange(queries.memory, start, stop, DAY_S),
  ]);
  const usage = new Map<string, PodUsage>();
  const entry = (s: PromSeries) => {
    const key = `${s.labels.namespace}/${s.labels.pod}`;
    const value = usage.get(key) ?? { dailyCpuCores: [], dailyMemoryGi: [] };
    usage.set(key, value);
    return value;
  };
  for (const s of cpu) entry(s).dailyCpuCores = trailingDays(s, steps, 1);
  for (const s of memory) entry(s).dailyMemoryGi = trailingDays(s, steps, GIB);
  // Memory days must end on the same day as CPU days (the engine pairs them).
  for (const u of usage.values()) {
    u.dailyMemoryGi = u.dailyCpuCores.length
      ? u.dailyMemoryGi.slice(-u.dailyCpuCores.length)
      : [];
  }
  return usage;
}

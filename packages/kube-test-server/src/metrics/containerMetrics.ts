const DAY = 86_400;
const STEP = 300;

/** A pod's use per day (index 0 = the oldest of `days`), as cAdvisor would report it. */
export interface PodPlan {
  namespace: string;
  pod: string;
  container: string;
  cpuCores: (day: number) => number;
  memoryBytes: number;
}

/**
 * OpenMetrics text for promtool's backfill: `container_cpu_usage_seconds_total`
 * (a counter growing at each day's rate) and `container_memory_working_set_bytes`,
 * a sample every 5 minutes for `days + 1` days up to `end`. Day i covers
 * (end − (days − i) days, end − (days − 1 − i) days], the windows of a
 * daily range query ending at `end`.
 */
export function containerMetrics(
  plans: PodPlan[],
  end: Date,
  days: number,
): string {
  const endS = Math.floor(end.getTime() / 1000);
  const startS = endS - (days + 1) * DAY;
  const dayOf = (t: number) =>
    Math.max(0, days - 1 - Math.floor((endS - t) / DAY));
  const labels = (p: PodPlan) =>
    `{container="${p.container}",namespace="${p.namespace}",pod="${p.pod}"}`;
  const lines = ['# TYPE container_cpu_usage_seconds counter'];
  for (const p of plans) {
    // Far from zero, so rate() never extrapolates towards a counter start.
    let value = 1_000_000;
    for (let t = startS; t <= endS; t += STEP) {
      if (t > startS) value += p.cpuCores(dayOf(t)) * STEP;
      lines.push(
        `container_cpu_usage_seconds_total${labels(p)} ${value.toFixed(
          6,
        )} ${t}`,
      );
    }
  }
  lines.push('# TYPE container_memory_working_set_bytes gauge');
  for (const p of plans) {
    for (let t = startS; t <= endS; t += STEP) {
      lines.push(
        `container_memory_working_set_bytes${labels(p)} ${p.memoryBytes} ${t}`,
      );
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

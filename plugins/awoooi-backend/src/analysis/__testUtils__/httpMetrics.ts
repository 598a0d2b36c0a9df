const STEP = 300;
const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FAMILY = 'http_server_request_duration_seconds';

/** One service's HTTP traffic: its typical latency at a time (seconds), 20 requests/s. */
export interface HttpPlan {
  service: string;
  latency: (t: number) => number;
}

/** Requests per step split over a spread around the typical latency. */
const SHAPE: Array<[number, number]> = [
  [0.6, 0.5],
  [1, 0.4],
  [2, 0.1],
];

/**
 * OpenMetrics text for promtool's backfill: the OpenTelemetry HTTP server
 * histogram (`_bucket`, `_sum`, `_count`, as cumulative counters) of each
 * plan, a sample every 5 minutes from `start` to `end` (unix seconds).
 * Families are typed `unknown` so every sample keeps its plain name.
 */
export function httpServerMetrics(
  plans: HttpPlan[],
  start: number,
  end: number,
): string {
  const lines: string[] = [];
  const series = (suffix: string, write: (plan: HttpPlan) => void) => {
    lines.push(`# TYPE ${FAMILY}${suffix} unknown`);
    plans.forEach(write);
  };
  const walk = (
    plan: HttpPlan,
    emit: (t: number, counts: number[], sum: number) => void,
  ) => {
    const counts = BUCKETS.map(() => 1_000_000);
    let sum = 1_000_000;
    for (let t = start; t <= end; t += STEP) {
      const requests = 20 * STEP;
      for (const [factor, share] of SHAPE) {
        const seconds = plan.latency(t) * factor;
        sum += seconds * requests * share;
        BUCKETS.forEach((le, i) => {
          if (seconds <= le) counts[i] += requests * share;
        });
      }
      emit(t, counts, sum);
    }
  };
  const total = 1_000_000 + 0;
  series('_bucket', plan => {
    BUCKETS.concat(Infinity).forEach((le, i) => {
      let inf = total;
      walk(plan, (t, counts) => {
        inf += 20 * STEP;
        const value = le === Infinity ? inf : counts[i];
        const bound = le === Infinity ? '+Inf' : String(le);
        lines.push(
          `${FAMILY}_bucket{le="${bound}",service="${plan.service}"} ${value} ${t}`,
        );
      });
    });
  });
  series('_sum', plan =>
    walk(plan, (t, _, sum) =>
      lines.push(
        `${FAMILY}_sum{service="${plan.service}"} ${sum.toFixed(3)} ${t}`,
      ),
    ),
  );
  series('_count', plan => {
    let count = total;
    walk(plan, t => {
      count += 20 * STEP;
      lines.push(`${FAMILY}_count{service="${plan.service}"} ${count} ${t}`);
    });
  });
  lines.push('# EOF', '');
  return lines.join('\n');
}

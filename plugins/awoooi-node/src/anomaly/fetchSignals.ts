import type { AwoooiMetricsSource } from '../extensions/sources';
import type { MetricSeries } from './metricEvidence';
import type { MetricSample } from './series';

/** The queries of one entity. */
export interface EntitySignalQueries {
  entityRef: string;
  queries: Array<{ signal: string; promql: string }>;
}

export interface FetchSignalsOptions {
  start: Date;
  end: Date;
  stepSeconds: number;
  /** Longest wait for one query. */
  timeoutMs: number;
  /** Queries in flight at once; default 8. */
  concurrency?: number;
  /** After this many failed queries the rest are not sent; default 3. */
  maxFailures?: number;
}

export interface FetchSignalsResult {
  series: MetricSeries[];
  queries: number;
  /** Why queries failed (first few), e.g. the server is unreachable. */
  failures: string[];
  /** Queries not sent because too many had failed. */
  skipped: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** All series a query returned, summed per timestamp (templates usually aggregate already). */
function samplesOf(
  result: Awaited<ReturnType<AwoooiMetricsSource['queryRange']>>,
): MetricSample[] {
  const sums = new Map<number, number>();
  for (const series of result) {
    for (const { timestamp, value } of series.values) {
      if (!Number.isFinite(value)) continue;
      sums.set(timestamp, (sums.get(timestamp) ?? 0) + value);
    }
  }
  return [...sums].map(([t, v]) => ({ t: t * 1000, v }));
}

/**
 * Runs the range queries of the given entities against one metrics source,
 * a few at a time, each with a timeout. A failing source does not throw:
 * the failures are returned, and after `maxFailures` the remaining queries
 * are not sent, so an unreachable Prometheus costs one timeout, not hundreds.
 */
export async function fetchSignals(
  source: AwoooiMetricsSource,
  entities: readonly EntitySignalQueries[],
  options: FetchSignalsOptions,
): Promise<FetchSignalsResult> {
  const jobs = entities.flatMap(e =>
    e.queries.map(q => ({ entityRef: e.entityRef, ...q })),
  );
  const maxFailures = options.maxFailures ?? 3;
  const result: FetchSignalsResult = {
    series: [],
    queries: jobs.length,
    failures: [],
    skipped: 0,
  };
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      if (result.failures.length >= maxFailures) {
        result.skipped++;
        continue;
      }
      try {
        const answer = await withTimeout(
          source.queryRange(
            job.promql,
            options.start,
            options.end,
            options.stepSeconds,
          ),
          options.timeoutMs,
        );
        const samples = samplesOf(answer);
        if (samples.length > 0) {
          result.series.push({
            entityRef: job.entityRef,
            signal: job.signal,
            samples,
          });
        }
      } catch (error) {
        result.failures.push((error as Error).message);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, jobs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return result;
}

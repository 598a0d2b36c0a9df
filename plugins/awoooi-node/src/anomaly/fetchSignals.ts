import type { AwoooiMetricsSource } from '../extensions/sources';
import type { SignalQuery } from './batchQueries';
import type { MetricSeries } from './metricEvidence';
import type { MetricSample } from './series';

/** The queries of one entity. */
export interface EntitySignalQueries {
  entityRef: string;
  queries: Array<{ signal: string; promql: string }>;
}

/** The span and resolution of a range query. */
export interface QueryWindow {
  start: Date;
  end: Date;
  stepSeconds: number;
}

export interface FetchSignalsOptions extends QueryWindow {
  /**
   * A second, usually coarser, window each query is also asked for: its
   * samples become the series' `history` (a baseline read from fewer steps).
   */
  history?: QueryWindow;
  /** Longest wait for one query. */
  timeoutMs: number;
  /**
   * Longest wait for all of them: queries not answered by then are given
   * up and those not sent yet are skipped. Default: no limit but timeoutMs.
   */
  totalTimeoutMs?: number;
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
  /** Queries not sent because too many had failed or time ran out. */
  skipped: number;
}

class QueryTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueryTimeout(`no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type RangeAnswer = Awaited<ReturnType<AwoooiMetricsSource['queryRange']>>;

/**
 * The answer's series summed per timestamp for each entity of the query
 * (templates usually aggregate already): with `by` empty all series, else
 * those whose `by` labels have the entity's values.
 */
function samplesPerEntity(
  query: SignalQuery,
  answer: RangeAnswer,
): Map<string, MetricSample[]> {
  const keyOf = (values: readonly string[]) => JSON.stringify(values);
  const sums = new Map<string, Map<number, number>>();
  for (const series of answer) {
    const key = keyOf(query.by.map(l => series.labels[l] ?? ''));
    let sum = sums.get(key);
    if (!sum) {
      sum = new Map();
      sums.set(key, sum);
    }
    for (const { timestamp, value } of series.values) {
      if (!Number.isFinite(value)) continue;
      sum.set(timestamp, (sum.get(timestamp) ?? 0) + value);
    }
  }
  const out = new Map<string, MetricSample[]>();
  for (const { entityRef, values } of query.entities) {
    const sum = sums.get(keyOf(values));
    if (!sum || sum.size === 0) continue;
    out.set(
      entityRef,
      [...sum].map(([t, v]) => ({ t: t * 1000, v })),
    );
  }
  return out;
}

type SeriesPart = 'samples' | 'history';

/** The answers of every window gathered per (entity, signal). */
class SeriesCollector {
  private readonly byKey = new Map<string, MetricSeries>();

  add(
    entityRef: string,
    signal: string,
    part: SeriesPart,
    samples: MetricSample[],
  ) {
    const key = JSON.stringify([entityRef, signal]);
    const series = this.byKey.get(key) ?? { entityRef, signal, samples: [] };
    this.byKey.set(key, { ...series, [part]: samples });
  }

  /**
   * Series with recent samples and, when a history was asked for, with one:
   * a history alone judges nothing, and recent samples alone would be
   * judged against their own last hours.
   */
  series(withHistory: boolean): MetricSeries[] {
    return [...this.byKey.values()].filter(
      s => s.samples.length > 0 && (!withHistory || s.history !== undefined),
    );
  }
}

/** One query per signal of each entity, as signalQueries builds them. */
export function entityQueries(
  entities: readonly EntitySignalQueries[],
): SignalQuery[] {
  return entities.flatMap(e =>
    e.queries.map(q => ({
      ...q,
      by: [],
      entities: [{ entityRef: e.entityRef, values: [] }],
    })),
  );
}

/** Each query once per window: the samples', and the history's if any. */
function queryJobs(
  entities: readonly EntitySignalQueries[] | readonly SignalQuery[],
  options: FetchSignalsOptions,
) {
  const queries: SignalQuery[] = entities.flatMap(e =>
    'queries' in e ? entityQueries([e]) : [e],
  );
  const windows: Array<{ window: QueryWindow; part: SeriesPart }> = [
    { window: options, part: 'samples' },
  ];
  if (options.history)
    windows.push({ window: options.history, part: 'history' });
  return windows.flatMap(w => queries.map(query => ({ ...w, query })));
}

/**
 * Runs the range queries of the given entities against one metrics source,
 * a few at a time, each with a timeout. A failing source does not throw:
 * the failures are returned, and after `maxFailures` the remaining queries
 * are not sent, so an unreachable Prometheus costs one timeout, not hundreds.
 * Takes per-entity queries, or queries of several entities each
 * (batchSignalQueries) whose answers are split back to the entities.
 */
export async function fetchSignals(
  source: AwoooiMetricsSource,
  entities: readonly EntitySignalQueries[] | readonly SignalQuery[],
  options: FetchSignalsOptions,
): Promise<FetchSignalsResult> {
  const jobs = queryJobs(entities, options);
  const found = new SeriesCollector();
  const maxFailures = options.maxFailures ?? 3;
  const deadline =
    options.totalTimeoutMs === undefined
      ? Infinity
      : Date.now() + options.totalTimeoutMs;
  const result: FetchSignalsResult = {
    series: [],
    queries: jobs.length,
    failures: [],
    skipped: 0,
  };
  let next = 0;
  // Set by a query cut off at the overall deadline: a timer may fire a
  // millisecond before the clock reads the deadline, and nothing may be
  // sent after it.
  let expired = false;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const left = deadline - Date.now();
      if (result.failures.length >= maxFailures || expired || left <= 0) {
        result.skipped++;
        continue;
      }
      const budget = Math.min(options.timeoutMs, left);
      try {
        const { query, window } = job;
        const answer = await withTimeout(
          source.queryRange(
            query.promql,
            window.start,
            window.end,
            window.stepSeconds,
          ),
          budget,
        );
        for (const [entityRef, samples] of samplesPerEntity(query, answer)) {
          found.add(entityRef, query.signal, job.part, samples);
        }
      } catch (error) {
        if (error instanceof QueryTimeout && budget === left) expired = true;
        result.failures.push((error as Error).message);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, jobs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  result.series = found.series(options.history !== undefined);
  return result;
}

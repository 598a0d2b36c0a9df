import type { Config } from '@backstage/config';
import {
  ANNOTATION_PROMETHEUS_SELECTOR,
  describeMetricAnomaly,
} from '@awoooi/plugin-awoooi-common';
import {
  assessMetrics,
  AwoooiMetricsSource,
  batchSignalQueries,
  DEFAULT_LOOKBACK_MS,
  DEFAULT_SIGNAL_PRESETS,
  EntitySelector,
  entitiesBelow,
  fetchSignals,
  ONSET_LOOKBACK_MS,
  parsePrometheusSelector,
  QueryWindow,
  readDurationMs,
  signalTemplates,
  toMetricAnomaly,
  TopologyMetrics,
} from '@awoooi/plugin-awoooi-node';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';

export interface MetricsSettings {
  enabled: boolean;
  /** Name of the Prometheus server to ask; the first one when unset. */
  source?: string;
  lookbackMs: number;
  stepSeconds: number;
  /**
   * Step at which the baseline's history is read (one sample of each of
   * its `step`-wide rates per historyStep); the last hours before the
   * incident and the incident itself are read at `step`.
   */
  historyStepSeconds: number;
  timeoutMs: number;
  /** Longest wait for all the queries of one analysis. */
  totalTimeoutMs: number;
  /** How long before the incident opened its window starts (alerts fire after `for:`). */
  leadMs: number;
  templates: Map<string, string[]>;
}

/** `awoooi.metrics.*`; see config.d.ts. */
export function readMetricsSettings(config: Config): MetricsSettings {
  const overrides = config.getOptionalConfig('awoooi.metrics.queries');
  const queries = Object.fromEntries(
    (overrides?.keys() ?? []).map(k => [k, overrides?.getString(k) ?? '']),
  );
  return {
    enabled: config.getOptionalBoolean('awoooi.metrics.enabled') ?? true,
    source: config.getOptionalString('awoooi.metrics.source'),
    lookbackMs: readDurationMs(
      config,
      'awoooi.metrics.lookback',
      DEFAULT_LOOKBACK_MS,
    ),
    stepSeconds: readDurationMs(config, 'awoooi.metrics.step', 300_000) / 1000,
    historyStepSeconds:
      readDurationMs(config, 'awoooi.metrics.historyStep', 3_600_000) / 1000,
    timeoutMs: readDurationMs(config, 'awoooi.metrics.timeout', 10_000),
    totalTimeoutMs: readDurationMs(
      config,
      'awoooi.metrics.totalTimeout',
      30_000,
    ),
    leadMs: readDurationMs(config, 'awoooi.metrics.incidentLead', 900_000),
    templates: signalTemplates(
      config.getOptionalStringArray('awoooi.metrics.presets') ??
        DEFAULT_SIGNAL_PRESETS,
      queries,
    ),
  };
}

/** The metric evidence of an analysis and the transcript line that tells of it. */
export interface MetricEvidenceResult {
  metrics?: TopologyMetrics;
  line?: { text: string; kind: 'step' | 'note' };
  /** Range queries asked, and how many of them failed or were not sent. */
  queries?: { asked: number; lost: number };
}

/**
 * Golden signals of the incident's neighbourhood (the target and what it
 * depends on within maxDepth, never the whole catalog) from Prometheus,
 * judged against each entity's own history. Prometheus missing or down is
 * said in the transcript and the analysis goes on without metrics.
 */
export class MetricEvidenceStep {
  constructor(
    private readonly deps: {
      /** Filled by modules at startup; read at analysis time. */
      sources: readonly AwoooiMetricsSource[];
      graph: CatalogGraphCache;
      settings: MetricsSettings;
    },
  ) {}

  async gather(
    target: string,
    maxDepth: number,
    openedAt: Date,
  ): Promise<MetricEvidenceResult> {
    const { settings } = this.deps;
    const source = this.source();
    if (!settings.enabled) return {};
    if (!source) {
      const text = `Metrics: no Prometheus server${
        settings.source ? ` named '${settings.source}'` : ''
      } configured; the analysis uses alerts only.`;
      return { line: { text, kind: 'note' } };
    }
    const entities = await this.queriesFor(target, maxDepth);
    if (entities.length === 0) {
      const text = `Metrics: no entity near ${target} has the ${ANNOTATION_PROMETHEUS_SELECTOR} annotation.`;
      return { line: { text, kind: 'note' } };
    }
    const at = openedAt.getTime() - settings.leadMs;
    const { fetched, metrics } = await this.assess(source, entities, at);
    if (!metrics) {
      const text = `Metrics: Prometheus '${source.name}' unavailable (${fetched.failures[0]}); the analysis goes on from alerts.`;
      return { line: { text, kind: 'note' } };
    }
    const text = summary(source.name, entities.length, fetched, metrics);
    const queries = {
      asked: fetched.queries,
      lost: fetched.failures.length + fetched.skipped,
    };
    return { metrics, line: { text, kind: 'step' }, queries };
  }

  /**
   * One entity's signals judged after `since` against the history before
   * it: whether what was anomalous still is after a fix. The sample one
   * step after `since` is the first whose rate covers no time before it.
   * Undefined when metrics are off, the entity has no selector or
   * Prometheus cannot answer.
   */
  async assessSince(
    entityRef: string,
    since: Date,
  ): Promise<TopologyMetrics | undefined> {
    const { settings } = this.deps;
    const source = this.source();
    if (!settings.enabled || !source) return undefined;
    const entities = await this.queriesFor(entityRef, 0);
    if (entities.length === 0) return undefined;
    const at = since.getTime() + settings.stepSeconds * 1000;
    return (await this.assess(source, entities, at)).metrics;
  }

  /**
   * Fetches the entities' signals (one query per signal for the entities
   * whose selectors share a shape) and judges the samples from `at` on.
   */
  private async assess(
    source: AwoooiMetricsSource,
    entities: EntitySelector[],
    at: number,
  ) {
    const { settings } = this.deps;
    const batched = batchSignalQueries(settings.templates, entities);
    const fetched = await fetchSignals(source, batched, {
      ...queryWindows(settings, at, Date.now()),
      timeoutMs: settings.timeoutMs,
      totalTimeoutMs: settings.totalTimeoutMs,
    });
    if (fetched.failures.length > 0 && fetched.series.length === 0)
      return { fetched, metrics: undefined };
    const metrics = assessMetrics(fetched.series, {
      at,
      lookbackMs: settings.lookbackMs,
    });
    return { fetched, metrics };
  }

  private source(): AwoooiMetricsSource | undefined {
    const { sources, settings } = this.deps;
    if (settings.source === undefined) return sources[0];
    return sources.find(s => s.name === settings.source);
  }

  private async queriesFor(
    target: string,
    maxDepth: number,
  ): Promise<EntitySelector[]> {
    const { graph } = this.deps;
    const refs = entitiesBelow(await graph.getGraph(), target, maxDepth);
    const out: EntitySelector[] = [];
    for (const entityRef of refs) {
      const entity = await graph.getEntity(entityRef);
      const annotation =
        entity?.metadata.annotations?.[ANNOTATION_PROMETHEUS_SELECTOR];
      const selector = annotation && parsePrometheusSelector(annotation);
      if (selector) out.push({ entityRef, selector });
    }
    return out;
  }
}

/**
 * What to ask Prometheus for: the whole lookback at `step`, or, when the
 * history step is coarser, the history at that step on its own grid (so
 * analyses within one history step ask the same, cacheable, window) and
 * the span the detector looks for onsets in, and after it, at `step`.
 * Prometheus' work grows with the steps of a query: a week read hourly is
 * 168 steps instead of 2,016.
 */
export function queryWindows(
  settings: Pick<
    MetricsSettings,
    'lookbackMs' | 'stepSeconds' | 'historyStepSeconds'
  >,
  at: number,
  now: number,
): QueryWindow & { history?: QueryWindow } {
  const { lookbackMs, stepSeconds } = settings;
  const historyStepSeconds = historyStepFor(settings);
  const end = new Date(now);
  if (historyStepSeconds <= stepSeconds) {
    return { start: new Date(at - lookbackMs), end, stepSeconds };
  }
  const grid = historyStepSeconds * 1000;
  const history = {
    start: new Date(Math.ceil((at - lookbackMs) / grid) * grid),
    end: new Date(Math.floor((at - 1) / grid) * grid),
    stepSeconds: historyStepSeconds,
  };
  return {
    start: new Date(at - ONSET_LOOKBACK_MS),
    end,
    stepSeconds,
    history,
  };
}

/** Fewest samples a coarser history keeps: a week read hourly. */
const MIN_HISTORY_STEPS = 168;

/**
 * The history step, no coarser than the lookback allows: a short lookback
 * read hourly would leave too few samples to judge anything, so it is read
 * at a finer step (at most at `step`, which means no separate history).
 */
function historyStepFor(
  settings: Pick<
    MetricsSettings,
    'lookbackMs' | 'stepSeconds' | 'historyStepSeconds'
  >,
): number {
  const { lookbackMs, stepSeconds, historyStepSeconds } = settings;
  const finest = Math.floor(lookbackMs / 1000 / MIN_HISTORY_STEPS);
  return Math.min(historyStepSeconds, Math.max(stepSeconds, finest));
}

function summary(
  server: string,
  entities: number,
  fetched: Awaited<ReturnType<typeof fetchSignals>>,
  evidence: TopologyMetrics,
): string {
  const anomalous = [...evidence.anomalies].map(
    ([ref, list]) =>
      `${ref} (${list
        .map(a => describeMetricAnomaly(toMetricAnomaly(a)))
        .join('; ')})`,
  );
  const lost = fetched.failures.length + fetched.skipped;
  const failed =
    lost > 0 ? `, ${lost} queries failed (${fetched.failures[0]})` : '';
  const found =
    anomalous.length > 0
      ? `; anomalous: ${anomalous.join(', ')}.`
      : '; nothing anomalous.';
  return `Metrics: ${fetched.series.length} signals of ${evidence.measured.size}/${entities} entities from Prometheus '${server}'${failed}${found}`;
}

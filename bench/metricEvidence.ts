/**
 * Benchmark of an analysis with metric evidence from a real Prometheus:
 * a 50-entity neighbourhood (the target and 49 dependencies within three
 * hops), each with a week of OpenTelemetry HTTP histograms at a 5-minute
 * step backfilled with promtool; one database is slow. Each run queries the
 * golden signals of the whole neighbourhood through the Prometheus module's
 * client, judges them and ranks the root causes, as the backend does.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/metricEvidence.ts
 *
 * Needs /usr/bin/prometheus and /usr/bin/promtool (Debian packages).
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { existsSync } from 'fs';
import { ANNOTATION_PROMETHEUS_SELECTOR } from '../plugins/awoooi-common/src';
import { analyzeTopology } from '../plugins/awoooi-node/src/topology';
import { CatalogGraphCache } from '../plugins/awoooi-backend/src/catalog/CatalogGraphCache';
import {
  MetricEvidenceStep,
  readMetricsSettings,
} from '../plugins/awoooi-backend/src/analysis/metricEvidenceStep';
import { httpServerMetrics } from '../plugins/awoooi-backend/src/analysis/__testUtils__/httpMetrics';
import { entity } from '../packages/test-utils/src/catalogEntities';
import { startPrometheus } from '../packages/test-utils/src/localPrometheus';
import { prometheusSource } from '../packages/test-utils/src/prometheusSource';
import { silentLogger } from './silentLogger';
import { Figure, targetReport } from './targets';

const STEP = 300;
const P95_TARGET_MS = 1_000;

/** Latencies of the runs over one state of the storage. */
export interface AnalysisTimes {
  /** TSDB blocks Prometheus had loaded. */
  blocks: number;
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
}

export interface MetricEvidenceBenchResult {
  entities: number;
  days: number;
  runs: number;
  backfillMs: number;
  /** Right after the backfill: promtool writes one block per 2 hours. */
  backfilled: AnalysisTimes;
  /**
   * Once Prometheus has compacted those blocks, as a server that has held
   * the week all along has; undefined when it did not within 5 minutes.
   */
  compacted?: AnalysisTimes;
  compactionWaitMs?: number;
  signals: number;
  /** Range queries of one analysis, and the most that failed in a run (timeouts under load). */
  queries: number;
  lostQueries: number;
  topCause: string | undefined;
}

/** target → 7 services → 6 dependencies each (services and stores). */
function neighbourhood() {
  const sel = (name: string) => ({
    [ANNOTATION_PROMETHEUS_SELECTOR]: `service="${name}"`,
  });
  const mids = Array.from({ length: 7 }, (_, i) => `svc-${i}`);
  const entities = [
    entity(
      'Component',
      'target',
      { type: 'service', dependsOn: mids.map(m => `component:${m}`) },
      sel('target'),
    ),
  ];
  mids.forEach((mid, i) => {
    const below = Array.from({ length: 6 }, (_, j) => `store-${i}-${j}`);
    entities.push(
      entity(
        'Component',
        mid,
        { type: 'service', dependsOn: below.map(b => `resource:${b}`) },
        sel(mid),
      ),
    );
    below.forEach((name, j) => {
      const type = [
        'database',
        'cache',
        'queue',
        'object-store',
        'database',
        'cache',
      ][j];
      entities.push(entity('Resource', name, { type }, sel(name)));
    });
  });
  return entities;
}

async function blocksLoaded(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^prometheus_tsdb_blocks_loaded (\d+)/m.exec(text);
  return match ? Number(match[1]) : NaN;
}

/**
 * Waits until Prometheus has merged the backfill's 2-hour blocks into
 * blocks of up to 18 hours (its compaction runs once a minute); the number
 * of blocks then, or undefined after 5 minutes.
 */
async function waitForCompaction(url: string, days: number) {
  const expected = Math.ceil((days * 24) / 18) + 6;
  for (let waited = 0; waited < 300_000; waited += 2_000) {
    const blocks = await blocksLoaded(url);
    if (blocks <= expected) return blocks;
    await new Promise(r => setTimeout(r, 2_000));
  }
  return undefined;
}

/** Runs the analysis `runs` times; its latencies and what the last run found. */
async function timeAnalyses(
  step: MetricEvidenceStep,
  graph: CatalogGraphCache,
  opened: Date,
  runs: number,
  prometheusUrl: string,
) {
  const blocks = await blocksLoaded(prometheusUrl);
  const times: number[] = [];
  let signals = 0;
  let queries = 0;
  let lostQueries = 0;
  let topCause: string | undefined;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const evidence = await step.gather('component:default/target', 3, opened);
    const result = analyzeTopology(await graph.getGraph(), {
      target: 'component:default/target',
      health: new Map(),
      metrics: evidence.metrics,
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    signals = evidence.metrics ? [...evidence.metrics.measured].length : 0;
    queries = evidence.queries?.asked ?? 0;
    lostQueries = Math.max(lostQueries, evidence.queries?.lost ?? 0);
    topCause = result.rootCauses[0]?.entityRef;
  }
  const first = Math.round(times[0]);
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]);
  return {
    blocks,
    times: { firstMs: first, p50Ms: at(0.5), p95Ms: at(0.95) },
    signals,
    queries,
    lostQueries,
    topCause,
  };
}

export async function runMetricEvidenceBench(
  runs = 20,
  days = 7,
): Promise<MetricEvidenceBenchResult | undefined> {
  if (!existsSync('/usr/bin/prometheus') || !existsSync('/usr/bin/promtool'))
    return undefined;
  const end = Math.floor(Date.now() / 1000 / STEP) * STEP - STEP;
  const fault = end - 30 * 60;
  const entities = neighbourhood();
  const plans = entities.map((e, i) => ({
    service: e.metadata.name,
    latency: (t: number) =>
      (0.01 + 0.002 * (i % 7)) *
      (1 + 0.1 * Math.sin((2 * Math.PI * t) / 86_400)) *
      (e.metadata.name === 'store-3-0' && t >= fault
        ? 5
        : e.metadata.name === 'svc-3' && t >= fault
        ? 2
        : 1),
  }));
  const backfillStarted = Date.now();
  const prometheus = await startPrometheus({
    openMetrics: httpServerMetrics(plans, end - days * 86_400 - 3600, end),
  });
  const backfillMs = Date.now() - backfillStarted;
  try {
    const graph = new CatalogGraphCache(
      catalogServiceMock({ entities }),
      mockServices.auth(),
      silentLogger,
    );
    const step = new MetricEvidenceStep({
      sources: [prometheusSource('bench', prometheus.url)],
      graph,
      settings: readMetricsSettings(new ConfigReader({})),
    });
    const opened = new Date((end - 15 * 60) * 1000);
    const backfilled = await timeAnalyses(
      step,
      graph,
      opened,
      runs,
      prometheus.url,
    );
    const waitStarted = Date.now();
    const compactedBlocks = await waitForCompaction(prometheus.url, days);
    const compacted =
      compactedBlocks === undefined
        ? undefined
        : await timeAnalyses(step, graph, opened, runs, prometheus.url);
    return {
      entities: entities.length,
      days,
      runs,
      backfillMs,
      backfilled: { ...backfilled.times, blocks: backfilled.blocks },
      compacted: compacted && { ...compacted.times, blocks: compactedBlocks! },
      compactionWaitMs: Date.now() - waitStarted,
      signals: backfilled.signals,
      queries: backfilled.queries,
      lostQueries: Math.max(
        backfilled.lostQueries,
        compacted?.lostQueries ?? 0,
      ),
      topCause: compacted?.topCause ?? backfilled.topCause,
    };
  } finally {
    await prometheus.stop();
  }
}

/**
 * The p95 against its target: on compacted blocks, as a Prometheus that
 * has held the week serves it; right after the backfill for reference.
 */
export function metricEvidenceFigures(r: MetricEvidenceBenchResult): Figure[] {
  const figure = (state: string, times: AnalysisTimes, target?: number) => ({
    label: `metric evidence (${r.entities} entities, ${r.days} days, ${state}, ${times.blocks} blocks) analysis p95`,
    value: times.p95Ms,
    unit: 'ms',
    ...(target === undefined ? {} : { below: target }),
  });
  return [
    figure('fresh backfill', r.backfilled),
    r.compacted
      ? figure('compacted', r.compacted, P95_TARGET_MS)
      : {
          label:
            'metric evidence: Prometheus did not compact the backfill within 5 minutes; p95',
          value: NaN,
          unit: 'ms',
          below: P95_TARGET_MS,
        },
  ];
}

if (require.main === module) {
  runMetricEvidenceBench(Number(process.env.METRIC_BENCH_RUNS ?? 20)).then(
    result => {
      console.log(
        JSON.stringify(result ?? 'prometheus/promtool not installed: skipped'),
      );
      if (result) {
        for (const line of targetReport(metricEvidenceFigures(result)))
          console.log(line);
      }
    },
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}

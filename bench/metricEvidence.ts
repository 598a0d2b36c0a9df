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
import type { LoggerService } from '@backstage/backend-plugin-api';
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
import { entity } from '../plugins/awoooi-backend/src/scans/__testUtils__/catalogEntities';
import { startPrometheus } from '../plugins/awoooi-backend/src/scans/__testUtils__/localPrometheus';
import { prometheusSource } from '../plugins/awoooi-backend/src/scans/__testUtils__/prometheusSource';

const STEP = 300;

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silent,
};

export interface MetricEvidenceBenchResult {
  entities: number;
  days: number;
  runs: number;
  backfillMs: number;
  analysisP50Ms: number;
  analysisP95Ms: number;
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
      silent,
    );
    const step = new MetricEvidenceStep({
      sources: [prometheusSource('bench', prometheus.url)],
      graph,
      settings: readMetricsSettings(new ConfigReader({})),
    });
    const opened = new Date((end - 15 * 60) * 1000);
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
    times.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round(
        times[Math.min(times.length - 1, Math.floor(p * times.length))],
      );
    return {
      entities: entities.length,
      days,
      runs,
      backfillMs,
      analysisP50Ms: at(0.5),
      analysisP95Ms: at(0.95),
      signals,
      queries,
      lostQueries,
      topCause,
    };
  } finally {
    await prometheus.stop();
  }
}

if (require.main === module) {
  runMetricEvidenceBench(Number(process.env.METRIC_BENCH_RUNS ?? 20)).then(
    result =>
      console.log(
        JSON.stringify(result ?? 'prometheus/promtool not installed: skipped'),
      ),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}

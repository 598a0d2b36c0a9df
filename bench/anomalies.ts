/**
 * Benchmark of root-cause analysis from metric anomalies.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/anomalies.ts
 *
 * Faults are injected into recorded-looking golden signals over the demo's
 * catalog and generated layered ones (see anomalyScenarios.ts), plus quiet
 * windows with no fault. Each scenario is analysed exactly as
 * `awoooi analyze --catalog DIR --target REF --metrics FILE --at TIME
 * --signal NAME --json` does, through the command's own function. Prints
 * top-1 and top-3 (the faulty entity first, or among the first three root
 * causes) per fault kind, and specificity (no cause named) for quiet windows.
 * ANOMALY_BENCH_PER_KIND, ANOMALY_BENCH_DAYS and ANOMALY_BENCH_SEED change
 * the size; ANOMALY_BENCH_HISTORY_STEP=1h reads the history as the backend
 * asks Prometheus for it (`--history-step`); ANOMALY_BENCH_VERBOSE=1 lists the misses, ANOMALY_BENCH_DUMP=DIR
 * keeps their CSV files.
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import {
  loadCatalogFolder,
  runAnalyze,
} from '../packages/cli/src/commands/analyze';
import { buildTopologyGraph } from '../plugins/awoooi-node/src/topology';
import { benchTopologies } from './anomalyTopologies';
import {
  FAULT_KINDS,
  FaultKind,
  Scenario,
  ScenarioCatalog,
  makeScenario,
} from './anomalyScenarios';
import { seededRandom } from './random';

export interface AnomalyBenchOptions {
  perKind?: number;
  days?: number;
  seed?: number;
  generatedTopologies?: number;
}

interface KindScore {
  kind: FaultKind | 'quiet';
  scenarios: number;
  top1: number;
  top3: number;
  /** Quiet windows with no cause named. */
  specific: number;
}

export interface AnomalyBenchResult {
  scores: KindScore[];
  analysisP50Ms: number;
  analysisP95Ms: number;
  meanRows: number;
  warnings: number;
  misses: string[];
}

const TARGETS = { top1: 0.9, top3: 0.98, specificity: 0.9 };

async function loadCatalogs(folders: string[]): Promise<ScenarioCatalog[]> {
  const catalogs: ScenarioCatalog[] = [];
  for (const folder of folders) {
    const entities = await loadCatalogFolder(folder);
    const measured = entities.filter(e =>
      ['Component', 'Resource'].includes(e.kind),
    );
    catalogs.push({ graph: buildTopologyGraph(entities), measured });
  }
  return catalogs;
}

interface Outcome {
  causes: string[];
  /** One line per cause with its evidence, for the list of misses. */
  details: string[];
  ms: number;
  warnings: number;
}

async function analyseScenario(
  scenario: Scenario,
  catalog: string,
  file: string,
): Promise<Outcome> {
  await fs.writeFile(file, scenario.csv);
  let warnings = 0;
  const started = process.hrtime.bigint();
  const out = await runAnalyze({
    catalog,
    target: scenario.target,
    metrics: file,
    at: new Date(scenario.at).toISOString(),
    signal: scenario.signal,
    historyStep: process.env.ANOMALY_BENCH_HISTORY_STEP,
    json: true,
    warn: () => warnings++,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rootCauses: Array<{
    entityRef: string;
    symptom: boolean;
    evidence: Array<{ signal: string; score: number; onset: string }>;
  }> = JSON.parse(out).rootCauses;
  const details = rootCauses.map(
    c =>
      `${c.entityRef}${c.symptom ? ' (symptom)' : ''} ${c.evidence
        .map(e => `${e.signal}@${e.onset.slice(11, 16)}:${e.score}`)
        .join(' ')}`,
  );
  return { causes: rootCauses.map(c => c.entityRef), details, ms, warnings };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function runAnomalyBench(
  options: AnomalyBenchOptions = {},
): Promise<AnomalyBenchResult> {
  const perKind = options.perKind ?? 25;
  const days = options.days ?? 4;
  const random = seededRandom(options.seed ?? 12);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-anomaly-bench-'));
  try {
    const topologies = await benchTopologies(
      random,
      dir,
      options.generatedTopologies ?? 3,
    );
    const catalogs = await loadCatalogs(topologies.map(t => t.folder));
    const file = path.join(dir, 'metrics.csv');
    const scores: KindScore[] = [];
    const times: number[] = [];
    const misses: string[] = [];
    let rows = 0;
    let warnings = 0;
    for (const kind of [...FAULT_KINDS, 'quiet' as const]) {
      const score: KindScore = {
        kind,
        scenarios: 0,
        top1: 0,
        top3: 0,
        specific: 0,
      };
      for (let i = 0; score.scenarios < perKind && i < perKind * 10; i++) {
        const index = i % catalogs.length;
        const scenario = makeScenario(random, catalogs[index], kind, days);
        if (!scenario) continue;
        const outcome = await analyseScenario(
          scenario,
          topologies[index].folder,
          file,
        );
        score.scenarios++;
        times.push(outcome.ms);
        rows += scenario.csv.split('\n').length - 1;
        warnings += outcome.warnings;
        const rank = scenario.fault
          ? outcome.causes.indexOf(scenario.fault)
          : -1;
        if (rank === 0) score.top1++;
        if (rank >= 0 && rank < 3) score.top3++;
        if (kind === 'quiet' && outcome.causes.length === 0) score.specific++;
        const hit = kind === 'quiet' ? outcome.causes.length === 0 : rank === 0;
        if (!hit && process.env.ANOMALY_BENCH_DUMP) {
          // Keep the scenario to rerun it with `yarn awoooi analyze`.
          const dump = path.join(
            process.env.ANOMALY_BENCH_DUMP,
            `miss-${misses.length}.csv`,
          );
          await fs.writeFile(dump, scenario.csv);
        }
        if (!hit) {
          misses.push(
            `${kind} ${topologies[index].name} fault=${
              scenario.fault ?? '-'
            } target=${scenario.target} signal=${scenario.signal} at=${new Date(
              scenario.at,
            )
              .toISOString()
              .slice(11, 16)} → ${
              outcome.details.slice(0, 4).join(' | ') || 'none'
            }`,
          );
        }
      }
      scores.push(score);
    }
    times.sort((a, b) => a - b);
    return {
      scores,
      analysisP50Ms: percentile(times, 0.5),
      analysisP95Ms: percentile(times, 0.95),
      meanRows: Math.round(rows / Math.max(1, times.length)),
      warnings,
      misses,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const pct = (n: number, of: number) =>
  of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)} %`;

export function formatAnomalyBench(result: AnomalyBenchResult): string {
  const lines = ['Metric anomalies → root cause (awoooi analyze --metrics)'];
  const faults = result.scores.filter(s => s.kind !== 'quiet');
  for (const s of faults) {
    const below =
      s.top1 < TARGETS.top1 * s.scenarios ||
      s.top3 < TARGETS.top3 * s.scenarios;
    lines.push(
      `  ${s.kind.padEnd(9)} ${String(s.scenarios).padStart(
        3,
      )} faults  top-1 ${pct(s.top1, s.scenarios)}  top-3 ${pct(
        s.top3,
        s.scenarios,
      )}${below ? '  below target' : ''}`,
    );
  }
  const all = faults.reduce(
    (a, s) => ({
      n: a.n + s.scenarios,
      top1: a.top1 + s.top1,
      top3: a.top3 + s.top3,
    }),
    { n: 0, top1: 0, top3: 0 },
  );
  const allBelow =
    all.top1 < TARGETS.top1 * all.n || all.top3 < TARGETS.top3 * all.n;
  lines.push(
    `  ${'all'.padEnd(9)} ${String(all.n).padStart(3)} faults  top-1 ${pct(
      all.top1,
      all.n,
    )}  top-3 ${pct(all.top3, all.n)}${allBelow ? '  below target' : ''}`,
  );
  for (const s of result.scores.filter(q => q.kind === 'quiet')) {
    const below = s.specific < TARGETS.specificity * s.scenarios;
    lines.push(
      `  ${'quiet'.padEnd(9)} ${String(s.scenarios).padStart(
        3,
      )} windows specificity ${pct(s.specific, s.scenarios)}${
        below ? '  below target' : ''
      }`,
    );
  }
  lines.push(
    `  targets: top-1 ≥ 90 %, top-3 ≥ 98 %, specificity ≥ 90 %; ${
      result.meanRows
    } CSV rows per scenario, analysis p50 ${result.analysisP50Ms.toFixed(
      0,
    )} ms, p95 ${result.analysisP95Ms.toFixed(0)} ms; ${
      result.warnings
    } warnings`,
  );
  if (process.env.ANOMALY_BENCH_VERBOSE)
    lines.push(...result.misses.map(m => `  miss: ${m}`));
  return lines.join('\n');
}

if (require.main === module) {
  const env = (name: string) =>
    process.env[name] ? Number(process.env[name]) : undefined;
  runAnomalyBench({
    perKind: env('ANOMALY_BENCH_PER_KIND'),
    days: env('ANOMALY_BENCH_DAYS'),
    seed: env('ANOMALY_BENCH_SEED'),
  }).then(
    result => console.log(formatAnomalyBench(result)),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * `awoooi analyze`: root causes, blast radius and burn rate of an incident,
 * computed from a folder of catalog YAML, recorded metrics and a list of
 * unhealthy entities.
 */
import { Command } from 'commander';
import { promises as fs } from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  DEFAULT_MAX_DEPTH,
  TopologyAnalysis,
  TopologyGraph,
  TopologyMetrics,
  analyzeTopology,
  assessMetrics,
  withCoarseHistory,
  buildTopologyGraph,
  parseSignal,
  signalMatches,
  toEntityRef,
} from '@awoooi/plugin-awoooi-node';
import { describeMetricAnomaly } from '@awoooi/plugin-awoooi-common';
import { UsageError } from '../usage';
import { parseDurationFlag } from './durationFlag';
import { parseTime, readMetricsCsv } from './metricsCsv';

type CatalogEntity = Parameters<TopologyGraph['upsertEntity']>[0];

export interface AnalyzeOptions {
  /** Folder of catalog YAML files. */
  catalog: string;
  /** Alerting entity: a full ref, a ref without namespace, or a bare name. */
  target: string;
  /** Comma-separated refs or names of the unhealthy entities; none when absent. */
  unhealthy?: string;
  /** CSV of recorded metrics (`timestamp,entity,signal,value`). */
  metrics?: string;
  /** Start of the incident window (unix seconds or ISO-8601); required with `metrics`. */
  at?: string;
  /** The signal the alert is about: the target's own anomalies count only on it. */
  signal?: string;
  maxDepth?: string | number;
  /**
   * Read the history before `at` at this step (a duration such as `1h`), as
   * the backend asks Prometheus with `awoooi.metrics.historyStep`.
   */
  historyStep?: string;
  json?: boolean;
  /** Where warnings go (skipped signals and entities); stderr by default. */
  warn?: (message: string) => void;
}

const EVIDENCE = 'marked unhealthy with --unhealthy';

/** Every entity in the `*.yaml` / `*.yml` files of a folder (not recursive). */
export async function loadCatalogFolder(
  folder: string,
): Promise<CatalogEntity[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    throw new UsageError(`cannot read catalog folder ${folder}`);
  }
  const files = names.filter(name => /\.ya?ml$/i.test(name)).sort();
  if (files.length === 0) {
    throw new UsageError(`no *.yaml or *.yml files in ${folder}`);
  }
  const entities: CatalogEntity[] = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(folder, file), 'utf8');
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        // The parser's message goes on with a code excerpt; keep one line.
        const [reason] = document.errors[0].message.split('\n');
        throw new Error(`${file}: ${reason}`);
      }
      const value = document.toJS();
      // Other YAML (config, comments-only documents) is not an entity.
      if (
        typeof value?.kind === 'string' &&
        typeof value?.metadata?.name === 'string'
      ) {
        entities.push(value as CatalogEntity);
      }
    }
  }
  return entities;
}

/**
 * The full ref of an entity in the graph. `kind:name` and
 * `kind:namespace/name` are completed with the default namespace; a bare
 * `name` (or `namespace/name`) must match exactly one entity.
 */
export function resolveEntityRef(graph: TopologyGraph, input: string): string {
  const text = input.trim();
  if (text.includes(':')) {
    const ref = toEntityRef(text, { defaultNamespace: 'default' });
    if (ref && graph.has(ref)) return ref;
    throw new UsageError(`${text} is not in the catalog`);
  }
  const slash = text.indexOf('/');
  const namespace = slash === -1 ? undefined : text.slice(0, slash);
  const name = text.slice(slash + 1);
  const matches = graph
    .findByName(name)
    .filter(
      ref =>
        !namespace || ref.includes(`:${namespace.toLocaleLowerCase('en-US')}/`),
    );
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    throw new UsageError(`no entity named ${text} in the catalog`);
  }
  throw new UsageError(
    `${text} is ambiguous (${matches.join(', ')}); give the kind, e.g. ${
      matches[0]
    }`,
  );
}

export function parseMaxDepth(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_DEPTH;
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`--max-depth must be a whole number, got ${value}`);
  }
  return Number(text);
}

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);
const hops = (n: number) => `${n} hop${n === 1 ? '' : 's'}`;
const trail = (refs: string[]) => refs.map(nameOf).join(' → ');

export function formatAnalysis(result: TopologyAnalysis): string {
  const depth = hops(result.maxDepth);
  const lines = [
    `Analysis of ${result.target} (max depth ${result.maxDepth}, ${
      result.entitiesWalked
    } ${result.entitiesWalked === 1 ? 'entity' : 'entities'} walked)`,
    '',
  ];
  if (result.rootCauses.length === 0) {
    lines.push(`Root causes: no unhealthy dependency within ${depth}`);
  } else {
    lines.push('Root causes:');
    for (const cause of result.rootCauses) {
      const notes = [cause.priority, hops(cause.distance)];
      if (cause.symptom) notes.push('symptom of an unhealthy dependency');
      lines.push(
        `  ${cause.rank}. ${cause.entityRef}  (${notes.join(', ')})`,
        `     ${trail(cause.path)}`,
        ...(cause.anomalies ?? []).map(
          anomaly => `     ${describeMetricAnomaly(anomaly)}`,
        ),
      );
    }
  }
  lines.push('');
  if (result.blastRadius.length === 0) {
    lines.push(`Blast radius: nothing depends on it within ${depth}`);
  } else {
    lines.push('Blast radius:');
    for (const entry of result.blastRadius) {
      lines.push(
        `  ${entry.entityRef}  (${hops(entry.distance)})`,
        `     ${trail(entry.path)}`,
      );
    }
  }
  lines.push(
    '',
    result.costPerHour === null
      ? 'Burn rate: no cost declared on the target or its blast radius'
      : `Burn rate: ${result.costPerHour} per hour (target and blast radius)`,
  );
  return lines.join('\n');
}

function checkMetricOptions(options: AnalyzeOptions): number | undefined {
  if (options.signal !== undefined && !parseSignal(options.signal)) {
    throw new UsageError(`--signal ${options.signal} is not a known signal`);
  }
  if (options.metrics === undefined) {
    if (options.at !== undefined || options.signal !== undefined) {
      throw new UsageError('--at and --signal need --metrics');
    }
    return undefined;
  }
  if (options.at === undefined) throw new UsageError('--metrics needs --at');
  const at = parseTime(options.at);
  if (Number.isNaN(at)) {
    throw new UsageError(
      `--at must be unix seconds or ISO-8601, got ${options.at}`,
    );
  }
  return at;
}

/**
 * What the recorded metrics say at `at`. With `--signal`, the target's own
 * anomalies on other signals are dropped: they are not what it alerts on.
 */
async function metricEvidence(
  graph: TopologyGraph,
  target: string,
  at: number,
  file: string,
  options: AnalyzeOptions,
): Promise<TopologyMetrics> {
  const { signal } = options;
  const warn =
    options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const series = await readMetricsCsv(file, {
    resolve: input => resolveEntityRef(graph, input),
    warn,
  });
  const historyStepMs = parseDurationFlag(
    '--history-step',
    options.historyStep,
    undefined,
  );
  const evidence = assessMetrics(
    historyStepMs ? withCoarseHistory(series, at, historyStepMs) : series,
    { at },
  );
  const own = evidence.anomalies.get(target);
  if (own && signal !== undefined) {
    const kept = own.filter(a => signalMatches(a.signal, signal));
    if (kept.length > 0) evidence.anomalies.set(target, kept);
    else evidence.anomalies.delete(target);
  }
  return evidence;
}

function unhealthyMap(graph: TopologyGraph, list: string | undefined) {
  const health = new Map<string, string[]>();
  for (const input of (list ?? '').split(',')) {
    if (input.trim() !== '') {
      health.set(resolveEntityRef(graph, input), [EVIDENCE]);
    }
  }
  return health;
}

/** The command's work: returns the text to print. */
export async function runAnalyze(options: AnalyzeOptions): Promise<string> {
  const maxDepth = parseMaxDepth(options.maxDepth);
  const at = checkMetricOptions(options);
  const graph = buildTopologyGraph(await loadCatalogFolder(options.catalog));
  const target = resolveEntityRef(graph, options.target);
  const health = unhealthyMap(graph, options.unhealthy);
  const metrics =
    at === undefined || options.metrics === undefined
      ? undefined
      : await metricEvidence(graph, target, at, options.metrics, options);

  const result = analyzeTopology(graph, { target, health, maxDepth, metrics });
  if (!options.json) return formatAnalysis(result);
  return JSON.stringify(
    {
      rootCauses: result.rootCauses.map(c => ({
        entityRef: c.entityRef,
        rank: c.rank,
        priority: c.priority,
        distance: c.distance,
        symptom: c.symptom,
        path: c.path,
        // With recorded metrics every cause says what they showed.
        ...(metrics && {
          evidence: (c.anomalies ?? []).map(a => ({
            signal: a.signal,
            score: a.score,
            onset: a.onset,
          })),
        }),
      })),
      blastRadius: result.blastRadius.map(e => ({
        entityRef: e.entityRef,
        distance: e.distance,
        path: e.path,
      })),
      costPerHour: result.costPerHour,
    },
    null,
    2,
  );
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description(
      'Rank the root causes of an incident and show its blast radius and burn rate, from catalog YAML',
    )
    .requiredOption('--catalog <folder>', 'folder of catalog YAML files')
    .requiredOption(
      '--target <entityRef>',
      'alerting entity, e.g. component:default/frontend or frontend',
    )
    .option(
      '--unhealthy <refs>',
      'comma-separated unhealthy entities, e.g. resource:postgres-db,order-api',
    )
    .option(
      '--metrics <file.csv>',
      'recorded metrics: timestamp,entity,signal,value (needs --at)',
    )
    .option(
      '--at <time>',
      'start of the incident window, unix seconds or ISO-8601; earlier rows are history',
    )
    .option(
      '--signal <name>',
      'the signal the alert is about, e.g. latency.p90 or availability',
    )
    .option(
      '--max-depth <n>',
      `hops walked each way (default ${DEFAULT_MAX_DEPTH})`,
    )
    .option(
      '--history-step <duration>',
      'read the history before --at at this step, e.g. 1h, as the backend does',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: AnalyzeOptions) => {
      process.stdout.write(`${await runAnalyze(options)}\n`);
    });
}

/**
 * Benchmark of the topology analysis over synthetic catalogs.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/topology.ts
 *
 * Each catalog has layers of services (edge → frontends → mid tier →
 * back end), APIs provided by lower layers and consumed by upper ones,
 * resources (database, cache, queue, others) shared with a skew so that a
 * few are used by very many services, and systems grouping everything.
 * Entities carry `relations` in both directions, as the catalog API serves
 * them. A few percent of services and resources are unhealthy. The analysis
 * timing includes reading the health map; the graph is built beforehand.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  analyzeTopology,
  buildTopologyGraph,
} from '../plugins/awoooi-node/src/topology';
import { seededRandom } from './random';
import type { Figure } from './targets';

/** An analysis fits the pipeline's alert → stored analysis budget (p95 < 50 ms). */
const ANALYSIS_P95_TARGET_MS = 50;

export interface TopologyBenchResult {
  entities: number;
  relations: number;
  buildMs: number;
  analyses: number;
  analysisP50Ms: number;
  analysisP95Ms: number;
  analysisP99Ms: number;
  analysisMaxMs: number;
  meanEntitiesWalked: number;
  maxEntitiesWalked: number;
  meanRootCauses: number;
  meanBlastRadius: number;
  /** Re-reading one changed entity into the built graph. */
  upsertP95Ms: number;
}

export interface TopologyBenchOptions {
  sizes?: number[];
  analyses?: number;
  unhealthyShare?: number;
  seed?: number;
}

const RESOURCE_TYPES = [
  ['database', 0.3],
  ['cache', 0.25],
  ['queue', 0.2],
  ['object-store', 0.15],
  ['search-index', 0.1],
] as const;

interface Synthetic {
  entities: Entity[];
  relationCount: number;
  /** Refs of services and resources: the entities alerts map to. */
  alertable: string[];
  /** A new version of a service with other dependencies (spec fields only). */
  mutate(index: number): Entity;
}

export function syntheticCatalog(size: number, seed = 1): Synthetic {
  const random = seededRandom(seed);
  const between = (low: number, high: number) =>
    low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(random() * items.length)];
  // Skewed pick: low indexes are chosen far more often (popular shared stores).
  const pickSkewed = <T>(items: readonly T[]) =>
    items[Math.floor(random() ** 2 * items.length)];

  const systemCount = Math.max(1, Math.round(size * 0.01));
  const resourceCount = Math.round(size * 0.15);
  const apiCount = Math.round(size * 0.2);
  const serviceCount = size - systemCount - resourceCount - apiCount;
  const layerShares = [0.05, 0.15, 0.4, 0.4];

  const systems = Array.from({ length: systemCount }, (_, i) => `sys-${i}`);
  const resources = Array.from({ length: resourceCount }, (_, i) => {
    let roll = random();
    const type =
      RESOURCE_TYPES.find(([, share]) => (roll -= share) < 0)?.[0] ??
      'object-store';
    return { name: `res-${i}`, type };
  });
  const layers: string[][] = [[], [], [], []];
  for (let i = 0; i < serviceCount; i++) {
    let roll = i / serviceCount;
    const layer = layerShares.findIndex(share => (roll -= share) < 0);
    layers[layer === -1 ? 3 : layer].push(`svc-${i}`);
  }
  const layerOf = new Map<string, number>();
  layers.forEach((names, layer) => names.forEach(n => layerOf.set(n, layer)));

  // Each API is provided by a service of layer 1–3, sometimes by two.
  const apis = Array.from({ length: apiCount }, (_, i) => {
    const layer = between(1, 3);
    const providers = [pick(layers[layer])];
    if (random() < 0.1) providers.push(pick(layers[layer]));
    return { name: `api-${i}`, layer, providers };
  });
  const apisBelow = [1, 2, 3].map(layer => apis.filter(a => a.layer >= layer));

  const serviceSpec = (name: string) => {
    const layer = layerOf.get(name)!;
    const dependsOn = new Set<string>();
    const consumes = new Set<string>();
    if (layer < 3) {
      for (let k = between(1, 3); k > 0; k--) {
        dependsOn.add(`component:${pick(layers[layer + 1])}`);
      }
      for (let k = between(1, 3); k > 0; k--) {
        consumes.add(pick(apisBelow[layer]).name);
      }
    }
    if (layer >= 2) {
      for (let k = between(layer === 3 ? 1 : 0, 3); k > 0; k--) {
        dependsOn.add(`resource:${pickSkewed(resources).name}`);
      }
    }
    return { dependsOn: [...dependsOn], consumesApis: [...consumes] };
  };

  const base = (
    kind: string,
    name: string,
    spec: Record<string, unknown>,
  ): Entity => {
    const annotations: Record<string, string> = {};
    if (random() < 0.3) {
      annotations['awoooi.io/cost-per-hour'] = String(between(10, 500));
    }
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, annotations },
      spec: { owner: 'team', ...spec } as Entity['spec'],
    };
  };
  const services = layers.flat();
  const specs = new Map(services.map(s => [s, serviceSpec(s)]));
  const providesOf = new Map<string, string[]>();
  for (const a of apis) {
    for (const p of a.providers) {
      providesOf.set(p, [...(providesOf.get(p) ?? []), a.name]);
    }
  }

  const raw: Entity[] = [
    ...systems.map(s => base('System', s, {})),
    ...resources.map(r =>
      base('Resource', r.name, { type: r.type, system: pick(systems) }),
    ),
    ...apis.map(a =>
      base('API', a.name, { type: 'openapi', system: pick(systems) }),
    ),
    ...services.map(s =>
      base('Component', s, {
        type: 'service',
        system: pick(systems),
        providesApis: providesOf.get(s) ?? [],
        ...specs.get(s),
      }),
    ),
  ];
  const relations = catalogRelations(raw);
  let relationCount = 0;
  const entities: Entity[] = raw.map(e => {
    const own = relations.get(refOf(e)) ?? [];
    relationCount += own.length;
    return { ...e, relations: own };
  });

  return {
    entities,
    relationCount,
    alertable: [
      ...services.map(s => `component:default/${s}`),
      ...resources.map(r => `resource:default/${r.name}`),
    ],
    mutate(index) {
      const name = services[index % services.length];
      return base('Component', name, {
        type: 'service',
        system: pick(systems),
        providesApis: providesOf.get(name) ?? [],
        ...serviceSpec(name),
      });
    },
  };
}

function refOf(e: Entity) {
  return `${e.kind.toLowerCase()}:default/${e.metadata.name}`;
}

/** The relations the catalog's processors would emit, on both ends. */
function catalogRelations(entities: Entity[]) {
  const out = new Map<string, Array<{ type: string; targetRef: string }>>();
  const add = (from: string, type: string, to: string) => {
    const list = out.get(from) ?? [];
    list.push({ type, targetRef: to });
    out.set(from, list);
  };
  const relate = (from: string, type: string, to: string, back: string) => {
    add(from, type, to);
    add(to, back, from);
  };
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const full = (ref: string) => ref.replace(':', ':default/');
  for (const e of entities) {
    const self = refOf(e);
    const spec = e.spec ?? {};
    for (const d of list(spec.dependsOn)) {
      relate(self, 'dependsOn', full(d), 'dependencyOf');
    }
    for (const a of list(spec.consumesApis)) {
      relate(self, 'consumesApi', `api:default/${a}`, 'apiConsumedBy');
    }
    for (const a of list(spec.providesApis)) {
      relate(self, 'providesApi', `api:default/${a}`, 'apiProvidedBy');
    }
    if (typeof spec.system === 'string') {
      relate(self, 'partOf', `system:default/${spec.system}`, 'hasPart');
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function topologyFigures(results: TopologyBenchResult[]): Figure[] {
  return results.map(r => ({
    label: `topology analysis p95 at ${r.entities} entities`,
    value: r.analysisP95Ms,
    unit: 'ms',
    below: ANALYSIS_P95_TARGET_MS,
  }));
}

export function runTopologyBench(
  options: TopologyBenchOptions = {},
): TopologyBenchResult[] {
  const sizes = options.sizes ?? [1_000, 10_000, 50_000];
  const analyses = options.analyses ?? 2_000;
  const unhealthyShare = options.unhealthyShare ?? 0.03;
  const seed = options.seed ?? 42;

  return sizes.map(size => {
    const catalog = syntheticCatalog(size, seed);
    const random = seededRandom(seed + size);
    const pick = <T>(items: readonly T[]) =>
      items[Math.floor(random() * items.length)];

    const buildStart = process.hrtime.bigint();
    const graph = buildTopologyGraph(catalog.entities);
    const buildMs = elapsedMs(buildStart);

    const health = new Map<string, string[]>();
    for (const ref of catalog.alertable) {
      if (random() < unhealthyShare) health.set(ref, ['firing: synthetic']);
    }

    const warmup = Math.min(200, analyses);
    for (let i = 0; i < warmup; i++) {
      analyzeTopology(graph, { target: pick(catalog.alertable), health });
    }
    const times: number[] = [];
    let walked = 0;
    let maxWalked = 0;
    let causes = 0;
    let blast = 0;
    for (let i = 0; i < analyses; i++) {
      const target = pick(catalog.alertable);
      const start = process.hrtime.bigint();
      const result = analyzeTopology(graph, { target, health });
      times.push(elapsedMs(start));
      walked += result.entitiesWalked;
      maxWalked = Math.max(maxWalked, result.entitiesWalked);
      causes += result.rootCauses.length;
      blast += result.blastRadius.length;
    }
    times.sort((a, b) => a - b);

    const upserts: number[] = [];
    for (let i = 0; i < 200; i++) {
      const entity = catalog.mutate(Math.floor(random() * size));
      const start = process.hrtime.bigint();
      graph.upsertEntity(entity);
      upserts.push(elapsedMs(start));
    }
    upserts.sort((a, b) => a - b);

    return {
      entities: graph.size,
      relations: catalog.relationCount,
      buildMs: round(buildMs),
      analyses,
      analysisP50Ms: round(percentile(times, 0.5)),
      analysisP95Ms: round(percentile(times, 0.95)),
      analysisP99Ms: round(percentile(times, 0.99)),
      analysisMaxMs: round(times[times.length - 1]),
      meanEntitiesWalked: Math.round(walked / analyses),
      maxEntitiesWalked: maxWalked,
      meanRootCauses: Math.round((causes / analyses) * 10) / 10,
      meanBlastRadius: Math.round(blast / analyses),
      upsertP95Ms: round(percentile(upserts, 0.95)),
    };
  });
}

if (require.main === module) {
  const results = runTopologyBench();
  process.stdout.write('Topology analysis (maxDepth 3, graph prebuilt)\n');
  // eslint-disable-next-line no-console
  console.table(results);
}

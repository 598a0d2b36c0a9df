/**
 * Fault injection for the anomaly benchmark: one incident (or a quiet
 * window) over a catalog, written as the CSV `awoooi analyze --metrics`
 * reads. A fault at a database, cache, queue or service bends that entity's
 * signals and, attenuated and delayed hop by hop, those of its dependents
 * (some symptoms stay below any threshold); unrelated, harmless anomalies
 * (traffic campaigns, batch jobs) appear elsewhere now and then.
 */
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  TopologyGraph,
  analyzeTopology,
  rootCausePriorityOf,
} from '../plugins/awoooi-node/src/topology';
import {
  Effect,
  EntityClass,
  STEP_MS,
  TimedEffect,
  signalPlans,
  writeEntityRows,
} from './anomalySeries';

type Random = () => number;
export type FaultKind = 'database' | 'cache' | 'queue' | 'service';
export const FAULT_KINDS: FaultKind[] = [
  'database',
  'cache',
  'queue',
  'service',
];
const MINUTE = 60_000;

export interface Scenario {
  kind: FaultKind | 'quiet';
  /** Ref of the faulty entity; none in a quiet window. */
  fault?: string;
  target: string;
  /** What the alert on the target is about. */
  signal: string;
  at: number;
  csv: string;
}

interface Fault {
  /** Effect on the faulty entity itself. */
  own: Partial<Effect>;
  /** Effect its dependents see at full strength (before attenuation). */
  upstream: { latency: number; errors: number };
}

const between = (random: Random, low: number, high: number) =>
  low + random() * (high - low);
const pick = <T>(random: Random, items: readonly T[]) =>
  items[Math.floor(random() * items.length)];

function faultOf(random: Random, kind: FaultKind): Fault {
  // From subtle (under twice the usual) to severe.
  const s = between(random, 1.8, 10);
  const mode = random() < 0.5;
  switch (kind) {
    case 'database':
      return mode
        ? {
            own: { latency: s, saturation: 1 + s / 4 },
            upstream: { latency: s, errors: 0 },
          }
        : {
            own: { saturation: 2.5, cpu: 2.5, latency: s },
            upstream: { latency: s, errors: 0.02 },
          };
    case 'cache':
      return mode
        ? {
            own: { latency: s },
            upstream: { latency: 1 + (s - 1) / 2, errors: 0 },
          }
        : {
            own: { memory: 1.3, latency: 1 + s / 2, errors: 0.05 },
            upstream: { latency: 1 + s / 3, errors: 0.01 },
          };
    case 'queue':
      return {
        own: { saturation: 3 * s, requests: 1 / s },
        upstream: { latency: 1 + (s - 1) / 2, errors: 0 },
      };
    default: {
      const errors = between(random, 0.03, 0.3);
      const roll = random();
      if (roll < 0.4)
        return { own: { latency: s }, upstream: { latency: s, errors: 0 } };
      if (roll < 0.75)
        return { own: { errors }, upstream: { latency: 1, errors } };
      return {
        own: { cpu: 2.5, latency: 1 + s / 2 },
        upstream: { latency: 1 + s / 2, errors: 0 },
      };
    }
  }
}

/** A harmless sustained change somewhere: a campaign, a batch job, a cache warm-up. */
function unrelatedEffect(random: Random): Partial<Effect> {
  return pick(random, [
    { requests: between(random, 1.6, 2.5) },
    { cpu: between(random, 1.8, 2.5) },
    { memory: between(random, 1.2, 1.4) },
    { latency: between(random, 1.8, 3) },
  ]);
}

export interface ScenarioCatalog {
  graph: TopologyGraph;
  /** Components and resources: the entities with metrics. */
  measured: Entity[];
}

function classOf(entity: Entity): EntityClass {
  return rootCausePriorityOf(entity);
}

/** Dependents of `ref` within three hops, by distance. */
function dependents(graph: TopologyGraph, ref: string) {
  return analyzeTopology(graph, { target: ref, health: new Map() }).blastRadius;
}

function isComponent(ref: string) {
  return ref.startsWith('component:');
}

/** Effects per entity ref for a fault at `fault`, and the target that alerts. */
function injectFault(
  random: Random,
  catalog: ScenarioCatalog,
  fault: string,
  kind: FaultKind,
  at: number,
) {
  const effects = new Map<string, TimedEffect[]>();
  const add = (ref: string, e: TimedEffect) =>
    effects.set(ref, [...(effects.get(ref) ?? []), e]);
  const spec = faultOf(random, kind);
  const onset = at - between(random, 0, 25) * MINUTE;
  const delay = pick(random, [0, 0, 1, 2]) * STEP_MS * between(random, 0.5, 1);
  const attenuation = between(random, 0.35, 0.85);
  add(fault, { onset, effect: spec.own });
  const above = dependents(catalog.graph, fault);
  for (const { entityRef, distance } of above) {
    const f = attenuation ** distance;
    add(entityRef, {
      onset: onset + distance * delay,
      effect: {
        latency: 1 + (spec.upstream.latency - 1) * f,
        errors: spec.upstream.errors * f,
      },
    });
  }
  const alerting = above
    .filter(e => isComponent(e.entityRef))
    .map(e => e.entityRef);
  if (kind === 'service' && (alerting.length === 0 || random() < 0.2))
    alerting.push(fault);
  const target = alerting.length > 0 ? pick(random, alerting) : undefined;
  const signal = spec.upstream.errors > 0.02 ? 'availability' : 'latency';
  return { effects, target, signal };
}

/** Entities that can be the faulty one for this kind: they need someone above to alert. */
function faultCandidates(catalog: ScenarioCatalog, kind: FaultKind): string[] {
  return catalog.measured
    .filter(e => classOf(e) === kind)
    .map(e => stringifyEntityRef(e))
    .filter(
      ref =>
        kind === 'service' ||
        dependents(catalog.graph, ref).some(d => isComponent(d.entityRef)),
    );
}

export function makeScenario(
  random: Random,
  catalog: ScenarioCatalog,
  kind: FaultKind | 'quiet',
  days: number,
): Scenario | undefined {
  // Incidents happen at any time of the users' day.
  const at = Date.UTC(2026, 10, 24) + Math.floor(random() * 288) * STEP_MS;
  let effects = new Map<string, TimedEffect[]>();
  let target: string | undefined;
  let fault: string | undefined;
  let signal = 'latency';
  if (kind === 'quiet') {
    const withDependencies = catalog.measured
      .map(e => stringifyEntityRef(e))
      .filter(
        ref =>
          isComponent(ref) &&
          catalog.graph.down[catalog.graph.idOf(ref)].length > 0,
      );
    target = pick(random, withDependencies);
  } else {
    const candidates = faultCandidates(catalog, kind);
    if (candidates.length === 0) return undefined;
    fault = pick(random, candidates);
    ({ effects, target, signal } = injectFault(
      random,
      catalog,
      fault,
      kind,
      at,
    ));
    if (random() < 0.4) {
      const other = pick(
        random,
        catalog.measured
          .map(e => stringifyEntityRef(e))
          .filter(r => r !== fault),
      );
      const onset = at + between(random, -30, 20) * MINUTE;
      effects.set(other, [
        ...(effects.get(other) ?? []),
        { onset, effect: unrelatedEffect(random) },
      ]);
    }
  }
  if (!target) return undefined;
  const csv = writeScenarioCsv(random, catalog, effects, at, days, fault);
  return { kind, fault, target, signal, at, csv };
}

function writeScenarioCsv(
  random: Random,
  catalog: ScenarioCatalog,
  effects: Map<string, TimedEffect[]>,
  at: number,
  days: number,
  fault: string | undefined,
) {
  const iso = random() < 0.5;
  const time = iso
    ? (t: number) => new Date(t).toISOString()
    : (t: number) => String(t / 1000);
  const window = {
    from: at - days * 86_400_000,
    to: at + 30 * MINUTE,
    phase: 0,
  };
  const rows = ['timestamp,entity,signal,value'];
  for (const entity of catalog.measured) {
    const ref = stringifyEntityRef(entity);
    // Not every entity is scraped, nor every signal exported; the faulty
    // one is, or the scenario would measure the scrape setup, not the analysis.
    const observed = ref === fault;
    if (!observed && random() < 0.08) continue;
    // Names resolve like --target; refs are written in full half of the time.
    const name = random() < 0.5 ? ref : entity.metadata.name;
    const plans = signalPlans(random, classOf(entity), observed);
    window.phase = between(random, -1, 1) * 3_600_000;
    writeEntityRows(
      random,
      rows,
      name,
      plans,
      effects.get(ref) ?? [],
      window,
      time,
    );
  }
  return rows.join('\n');
}

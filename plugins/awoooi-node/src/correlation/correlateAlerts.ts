import { TopologyGraph } from '../topology/TopologyGraph';
import { DisjointSets } from './DisjointSets';
import { primaryRootCause } from './primaryRootCause';
import { dependenciesWithin } from './reach';

/** Default correlation window: alerts starting this close may share an incident. */
export const DEFAULT_CORRELATION_WINDOW_MS = 10 * 60 * 1000;

export interface CorrelationAlert {
  fingerprint: string;
  /** Canonical ref of the alert's entity; null when the alert is unmapped. */
  entityRef: string | null;
  /** Start time, epoch milliseconds. */
  startsAt: number;
  /**
   * Alerts with the same group belong together from the start, whatever
   * their entities and times: the alerts of one open incident, say.
   */
  group?: string;
}

export interface CorrelationOptions {
  /** Hops between two related entities; the topology analysis' depth. */
  maxDepth: number;
  /** Largest gap between the start times of two related alerts, in ms. */
  windowMs: number;
}

export interface CorrelatedIncident {
  rootCause: string | null;
  /** Entity refs of the incident's alerts, sorted. */
  entities: string[];
  /** Fingerprints of the incident's alerts, by start time then fingerprint. */
  alerts: string[];
}

/**
 * Groups alerts into incidents. Two alerts are related when one's entity is
 * within `maxDepth` hops downstream of the other's (the same entity
 * included; an API consumer sits one hop above its provider) and their
 * start times are at most `windowMs` apart. Incidents are the connected
 * groups of that relation, so it is transitive. Unmapped alerts relate to
 * nothing: each is an incident of its own with no root cause.
 */
export function correlateAlerts(
  graph: TopologyGraph,
  alerts: readonly CorrelationAlert[],
  options: CorrelationOptions,
): CorrelatedIncident[] {
  return groupAlerts(graph, alerts, options).map(group => {
    const entities = [
      ...new Set(
        group.map(a => a.entityRef).filter((r): r is string => r !== null),
      ),
    ].sort();
    return {
      rootCause: primaryRootCause(graph, entities),
      entities,
      alerts: group.map(a => a.fingerprint),
    };
  });
}

/**
 * The partition of {@link correlateAlerts} alone: each incident's alerts by
 * start time then fingerprint, incidents in the order of their earliest
 * alert. For callers that name root causes their own way (the backend
 * names only the incidents it opens), so no walk is spent on the others.
 */
export function groupAlerts<T extends CorrelationAlert>(
  graph: TopologyGraph,
  alerts: readonly T[],
  options: CorrelationOptions,
): T[][] {
  const sorted = [...alerts].sort(byStartThenFingerprint);
  const sets = new DisjointSets(sorted.length);
  joinGroups(sets, sorted);
  const byEntity = indexByEntity(sorted);
  for (const [ref, own] of byEntity) {
    for (const other of dependenciesWithin(graph, ref, options.maxDepth)) {
      const theirs = byEntity.get(other);
      if (theirs) joinWithinWindow(sets, sorted, own, theirs, options.windowMs);
    }
  }
  return collectGroups(sorted, sets);
}

function byStartThenFingerprint(a: CorrelationAlert, b: CorrelationAlert) {
  if (a.startsAt !== b.startsAt) return a.startsAt - b.startsAt;
  if (a.fingerprint === b.fingerprint) return 0;
  return a.fingerprint < b.fingerprint ? -1 : 1;
}

function joinGroups(sets: DisjointSets, sorted: readonly CorrelationAlert[]) {
  const first = new Map<string, number>();
  sorted.forEach((alert, index) => {
    if (alert.group === undefined) return;
    const leader = first.get(alert.group);
    if (leader === undefined) first.set(alert.group, index);
    else sets.union(leader, index);
  });
}

/** Alert positions per mapped entity, in start order. */
function indexByEntity(sorted: readonly CorrelationAlert[]) {
  const byEntity = new Map<string, number[]>();
  sorted.forEach((alert, index) => {
    if (alert.entityRef === null) return;
    const list = byEntity.get(alert.entityRef) ?? [];
    list.push(index);
    byEntity.set(alert.entityRef, list);
  });
  return byEntity;
}

/**
 * Joins every alert of `own` with every alert of `theirs` that started at
 * most `window` apart. Both lists are in start order, so a sliding range
 * over `theirs` finds the partners of each alert.
 */
function joinWithinWindow(
  sets: DisjointSets,
  sorted: readonly CorrelationAlert[],
  own: number[],
  theirs: number[],
  window: number,
) {
  let low = 0;
  for (const a of own) {
    const start = sorted[a].startsAt;
    while (low < theirs.length && sorted[theirs[low]].startsAt < start - window)
      low++;
    for (let i = low; i < theirs.length; i++) {
      if (sorted[theirs[i]].startsAt > start + window) break;
      sets.union(a, theirs[i]);
    }
  }
}

function collectGroups<T>(sorted: readonly T[], sets: DisjointSets): T[][] {
  const groups = new Map<number, T[]>();
  sorted.forEach((alert, index) => {
    const root = sets.find(index);
    const group = groups.get(root) ?? [];
    group.push(alert);
    groups.set(root, group);
  });
  // Groups come out in the order of their earliest alert.
  return [...groups.values()];
}

import { API, PRESENT, TopologyGraph } from '../topology/TopologyGraph';

/**
 * Catalog entities reachable from `ref` along `adjacency` (`graph.down` for
 * dependencies, `graph.up` for dependents) within `maxDepth` hops, with their
 * distance; the start itself is included at distance 0. APIs are passed
 * through without counting a hop and are never returned, as in the topology
 * analysis: a consumer of an API sits one hop above each provider.
 * `maxDepth` may be Infinity (any depth). A ref not in the catalog reaches
 * only itself.
 */
export function reachable(
  graph: TopologyGraph,
  ref: string,
  direction: 'down' | 'up',
  maxDepth: number,
): Map<string, number> {
  const result = new Map<string, number>();
  walk(graph, ref, direction, maxDepth, (node, depth) => {
    result.set(node, depth);
    return true;
  });
  return result;
}

const walkMemo = new WeakMap<
  TopologyGraph,
  { version: number; byKey: Map<string, Map<string, readonly string[]>> }
>();

/**
 * The keys of {@link reachable}, remembered per graph: a storm asks for the
 * neighbourhoods of the same few thousand entities over and over, and they
 * are small. Any change to the graph (a catalog update) starts a new memo.
 */
function reachableRefs(
  graph: TopologyGraph,
  ref: string,
  direction: 'down' | 'up',
  maxDepth: number,
): readonly string[] {
  let entry = walkMemo.get(graph);
  if (!entry || entry.version !== graph.version) {
    entry = { version: graph.version, byKey: new Map() };
    walkMemo.set(graph, entry);
  }
  const key = `${direction}:${maxDepth}`;
  let memo = entry.byKey.get(key);
  if (!memo) entry.byKey.set(key, (memo = new Map()));
  let found = memo.get(ref);
  if (!found) {
    found = [...reachable(graph, ref, direction, maxDepth).keys()];
    memo.set(ref, found);
  }
  return found;
}

/** The entities below `ref` within `maxDepth` hops, itself included. */
export function dependenciesWithin(
  graph: TopologyGraph,
  ref: string,
  maxDepth: number,
): readonly string[] {
  return reachableRefs(graph, ref, 'down', maxDepth);
}

/**
 * The distance from `ref` to each of `targets` along `direction` (as
 * {@link reachable} at any depth), walking only until all are found; a
 * target it cannot reach is absent.
 */
export function distancesTo(
  graph: TopologyGraph,
  ref: string,
  direction: 'down' | 'up',
  targets: Iterable<string>,
): Map<string, number> {
  const wanted = new Set(targets);
  const found = new Map<string, number>();
  if (wanted.size === 0) return found;
  walk(graph, ref, direction, Infinity, (node, depth) => {
    if (wanted.has(node)) found.set(node, depth);
    return found.size < wanted.size;
  });
  return found;
}

/**
 * Calls `visit` with each entity of {@link reachable} and its distance,
 * breadth first from the start itself; stops when `visit` returns false.
 * Returns false when stopped.
 */
function walk(
  graph: TopologyGraph,
  ref: string,
  direction: 'down' | 'up',
  maxDepth: number,
  visit: (ref: string, depth: number) => boolean,
): boolean {
  const start = graph.idOf(ref);
  // An entity gone from the catalog still relates to itself.
  if (start === -1) return visit(ref, 0);
  if (!visit(graph.refs[start], 0)) return false;
  const adjacency = direction === 'down' ? graph.down : graph.up;
  const seen = new Set<number>([start]);
  let frontier = [start];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const from of frontier) {
      for (const node of expandThroughApis(graph, adjacency, from, seen)) {
        if (!visit(graph.refs[node], depth)) return false;
        next.push(node);
      }
    }
    frontier = next;
  }
  return true;
}

/** Present neighbours of `from`, looking through any chain of APIs. */
function expandThroughApis(
  graph: TopologyGraph,
  adjacency: number[][],
  from: number,
  seen: Set<number>,
): number[] {
  const found: number[] = [];
  const lists = [adjacency[from]];
  while (lists.length > 0) {
    for (const node of lists.pop()!) {
      if (seen.has(node)) continue;
      const flag = graph.flags[node];
      if (flag & API) {
        seen.add(node);
        lists.push(adjacency[node]);
      } else if (flag & PRESENT) {
        seen.add(node);
        found.push(node);
      }
    }
  }
  return found;
}

/**
 * Walks the dependencies of `ref` at any depth, breadth first (APIs passed
 * through, as in {@link reachable}), calling `visit` with each entity below
 * it; stops as soon as `visit` returns false. Returns false when stopped.
 */
export function everyBelow(
  graph: TopologyGraph,
  ref: string,
  visit: (below: string) => boolean,
): boolean {
  // An entity gone from the catalog has nothing below it.
  if (graph.idOf(ref) === -1) return true;
  return walk(graph, ref, 'down', Infinity, (node, depth) =>
    depth === 0 ? true : visit(node),
  );
}

/**
 * Entities related to `ref` for correlation: itself, its dependencies and
 * its dependents, each within `maxDepth` hops.
 */
export function relatedEntities(
  graph: TopologyGraph,
  ref: string,
  maxDepth: number,
): Set<string> {
  return new Set([
    ...reachableRefs(graph, ref, 'down', maxDepth),
    ...reachableRefs(graph, ref, 'up', maxDepth),
  ]);
}

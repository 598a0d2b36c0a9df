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
  const start = graph.idOf(ref);
  // An entity gone from the catalog still relates to itself.
  if (start === -1) return new Map([[ref, 0]]);
  const result = new Map([[graph.refs[start], 0]]);
  const adjacency = direction === 'down' ? graph.down : graph.up;
  const seen = new Set<number>([start]);
  let frontier = [start];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const from of frontier) {
      for (const node of expandThroughApis(graph, adjacency, from, seen)) {
        next.push(node);
        result.set(graph.refs[node], depth);
      }
    }
    frontier = next;
  }
  return result;
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
  const start = graph.idOf(ref);
  if (start === -1) return true;
  const seen = new Set<number>([start]);
  let frontier = [start];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const from of frontier) {
      for (const node of expandThroughApis(graph, graph.down, from, seen)) {
        if (!visit(graph.refs[node])) return false;
        next.push(node);
      }
    }
    frontier = next;
  }
  return true;
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
    ...reachable(graph, ref, 'down', maxDepth).keys(),
    ...reachable(graph, ref, 'up', maxDepth).keys(),
  ]);
}

import type { BlastRadiusEntry } from '@awoooi/plugin-awoooi-common';
import type { AnalysisRun } from './analysisRun';
import { pathTo, walk } from './topologyWalk';

/** Upstream: every dependent within maxDepth, nearest first, and the burn rate. */
export function blastRadiusOf({
  graph,
  scratch,
  target,
  maxDepth,
}: AnalysisRun) {
  const { queue } = scratch;
  const visitedUp = walk(graph, scratch, graph.up, target, maxDepth);
  const blastRadius: BlastRadiusEntry[] = [];
  let costPerHour: number | null = null;
  for (let i = 0; i < visitedUp; i++) {
    const node = queue[i];
    const cost = graph.cost[node];
    if (!Number.isNaN(cost)) costPerHour = (costPerHour ?? 0) + cost;
    if (i === 0) continue; // the target itself
    blastRadius.push({
      entityRef: graph.refs[node],
      distance: scratch.distance[node],
      path: pathTo(graph, scratch, node),
    });
  }
  blastRadius.sort((a, b) => {
    if (a.distance !== b.distance) return a.distance - b.distance;
    return a.entityRef < b.entityRef ? -1 : 1;
  });
  return { blastRadius, costPerHour };
}

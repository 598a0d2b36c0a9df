import { UnknownEntityError } from './errors';
import {
  AnalysisRun,
  markUnhealthy,
  TopologyAnalysisOptions,
} from './analysisRun';
import { blastRadiusOf } from './blastRadius';
import { rootCausesOf } from './rootCauses';
import type { BlastRadiusEntry, RootCause } from '@awoooi/plugin-awoooi-common';
import type { TopologyGraph } from './TopologyGraph';
import { scratchFor, walk } from './topologyWalk';

export type { TopologyAnalysisOptions } from './analysisRun';

export const DEFAULT_MAX_DEPTH = 3;

export interface TopologyAnalysis {
  target: string;
  maxDepth: number;
  /** Every unhealthy dependency within maxDepth, ranked; see analyzeTopology. */
  rootCauses: RootCause[];
  /** Entities that depend on the target within maxDepth, nearest first. */
  blastRadius: BlastRadiusEntry[];
  /** Sum of the declared cost per hour of the target and its blast radius. */
  costPerHour: number | null;
  /**
   * Distinct entities the analysis visited: the target, both walks, the
   * symptom checks below candidates, and the APIs passed through.
   */
  entitiesWalked: number;
}

/**
 * Root causes, blast radius and burn rate of an incident on `target`.
 *
 * Downstream, every unhealthy entity within maxDepth is a candidate (APIs
 * are passed through and never listed; `partOf` is never walked); entities
 * with an anomalous metric signal count as unhealthy. Candidates are ranked:
 * probable causes before symptoms (see markSymptoms), then database > cache
 * > queue > other resource > service, then distance, then ref. When some
 * candidate has metric evidence, the evidence ranks right after
 * causes-before-symptoms: candidates reached through unhealthy entities
 * only, then earlier onset, then stronger anomaly; and a dependency whose
 * anomaly began clearly later cannot make a candidate a symptom. When no
 * dependency is unhealthy, the target may be its own root cause at
 * distance 0 (see targetIsCause); so it is, ranked by its evidence, when
 * its own anomaly began clearly before that of every anomalous dependency
 * and no dependency is unhealthy without one: none of them can explain it.
 * Upstream, every dependent within maxDepth is in the blast radius with its
 * shortest path; ties between equally short paths go by ref, so results do
 * not depend on the order the catalog was read in. The burn rate adds the
 * declared cost per hour of the target and of its blast radius.
 */
export function analyzeTopology(
  graph: TopologyGraph,
  options: TopologyAnalysisOptions,
): TopologyAnalysis {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new RangeError(
      `maxDepth must be a whole number of at least 0, got ${maxDepth}`,
    );
  }
  const target = graph.idOf(options.target);
  if (target === -1) throw new UnknownEntityError(options.target);

  const scratch = scratchFor(graph);
  ++scratch.analysis;
  scratch.walkedCount = 0;
  const anomalous = markUnhealthy(graph, scratch, options);
  const run: AnalysisRun = {
    graph,
    scratch,
    target,
    maxDepth,
    options,
    anomalous,
  };
  const rootCauses = rootCausesOf(run);
  const { blastRadius, costPerHour } = blastRadiusOf(run);
  return {
    target: graph.refs[target],
    maxDepth,
    rootCauses,
    blastRadius,
    costPerHour,
    entitiesWalked: scratch.walkedCount,
  };
}

/**
 * The target and every entity within maxDepth hops below it, target first
 * (APIs passed through, not listed): the entities whose signals an
 * analysis of an incident on the target can use.
 */
export function entitiesBelow(
  graph: TopologyGraph,
  target: string,
  maxDepth = DEFAULT_MAX_DEPTH,
): string[] {
  const node = graph.idOf(target);
  if (node === -1) throw new UnknownEntityError(target);
  const scratch = scratchFor(graph);
  scratch.analysis++;
  scratch.walkedCount = 0;
  const visited = walk(graph, scratch, graph.down, node, maxDepth);
  return Array.from(scratch.queue.subarray(0, visited), id => graph.refs[id]);
}

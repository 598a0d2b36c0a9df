import type { BlastRadiusEntry, RootCause } from '@awoooi/plugin-awoooi-common';
import type { SignalAnomaly } from '../anomaly';
import { UnknownEntityError } from './errors';
import {
  CandidateEvidence,
  DEFAULT_ONSET_TOLERANCE_MS,
  TopologyMetrics,
  anomalyLines,
  byEvidence,
  canExplain,
  evidenceOf,
  toMetricAnomaly,
} from './metricRanking';
import { API, PRIORITY_ORDER, TopologyGraph } from './TopologyGraph';
import { pathTo, Scratch, scratchFor, walk } from './topologyWalk';

export const DEFAULT_MAX_DEPTH = 3;

export interface TopologyAnalysisOptions {
  /** The alerting entity. */
  target: string;
  /** Unhealthy entities by ref, with the evidence for each. */
  health: ReadonlyMap<string, readonly string[]>;
  /** Hops walked each way from the target; default 3. */
  maxDepth?: number;
  /**
   * Metric evidence: anomalous entities count as unhealthy, and when a
   * candidate has an anomaly the ranking weighs it.
   */
  metrics?: TopologyMetrics;
  /** See DEFAULT_ONSET_TOLERANCE_MS. */
  onsetToleranceMs?: number;
}

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

function byRank(a: RootCause, b: RootCause): number {
  if (a.symptom !== b.symptom) return a.symptom ? 1 : -1;
  const priority =
    PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority);
  if (priority !== 0) return priority;
  if (a.distance !== b.distance) return a.distance - b.distance;
  if (a.entityRef === b.entityRef) return 0;
  return a.entityRef < b.entityRef ? -1 : 1;
}

/**
 * Marks as symptoms the candidates whose trouble another candidate explains.
 *
 * From each candidate the dependency graph below it is walked for maxDepth
 * hops (counted from the candidate, not from the target, so a cause reached
 * through a longer side branch still counts), looking for the other
 * candidates. Only candidates count: every symptom points at an entity the
 * result lists. Candidate X is a symptom when it reaches a candidate Y that
 * does not reach X back; unhealthy entities on a cycle explain each other,
 * so neither becomes a symptom of the other. `explains(y, x)` (candidate
 * indexes) can further rule out Y as an explanation of X.
 */
function markSymptoms(
  graph: TopologyGraph,
  scratch: Scratch,
  candidates: number[],
  maxDepth: number,
  explains?: (cause: number, symptom: number) => boolean,
): boolean[] {
  const count = candidates.length;
  const reaches = new Uint8Array(count * count);
  const { candidate, candidateIndex, queue } = scratch;
  candidates.forEach((node, index) => {
    const visited = walk(graph, scratch, graph.down, node, maxDepth);
    for (let i = 1; i < visited; i++) {
      const other = queue[i];
      if (candidate[other] === scratch.analysis) {
        reaches[index * count + candidateIndex[other]] = 1;
      }
    }
  });
  return candidates.map((_, x) => {
    for (let y = 0; y < count; y++) {
      if (
        y !== x &&
        reaches[x * count + y] &&
        !reaches[y * count + x] &&
        (!explains || explains(y, x))
      ) {
        return true;
      }
    }
    return false;
  });
}

/**
 * Marks every entity of `health` and every entity with an anomalous signal
 * as unhealthy for this analysis; returns the anomalies by node, strongest
 * first.
 */
function markUnhealthy(
  graph: TopologyGraph,
  scratch: Scratch,
  options: TopologyAnalysisOptions,
): Map<number, SignalAnomaly[]> {
  const { unhealthy, evidence, analysis } = scratch;
  for (const [ref, lines] of options.health) {
    const node = graph.idOf(ref);
    if (node !== -1) {
      unhealthy[node] = analysis;
      evidence[node] = lines;
    }
  }
  const anomalous = new Map<number, SignalAnomaly[]>();
  for (const [ref, list] of options.metrics?.anomalies ?? []) {
    const node = graph.idOf(ref);
    if (node === -1 || list.length === 0) continue;
    if (unhealthy[node] !== analysis) {
      unhealthy[node] = analysis;
      evidence[node] = [];
    }
    anomalous.set(node, [...(anomalous.get(node) ?? []), ...list]);
  }
  for (const list of anomalous.values()) {
    list.sort((a, b) => b.score - a.score || a.onset - b.onset);
  }
  return anomalous;
}

function toRootCause(
  graph: TopologyGraph,
  scratch: Scratch,
  found: { node: number; distance: number; path: string[] },
  symptom: boolean,
  anomalies: readonly SignalAnomaly[] | undefined,
): RootCause {
  const cause: RootCause = {
    entityRef: graph.refs[found.node],
    rank: 0,
    priority: PRIORITY_ORDER[graph.priority[found.node]],
    distance: found.distance,
    symptom,
    path: found.path,
    evidence: [...scratch.evidence[found.node]],
  };
  if (anomalies && anomalies.length > 0) {
    cause.anomalies = anomalies.map(toMetricAnomaly);
    cause.evidence.push(...anomalyLines(cause.anomalies));
  }
  return cause;
}

/** Metric evidence of each candidate; the walk marks which lie on an unhealthy path. */
function candidateEvidence(
  graph: TopologyGraph,
  scratch: Scratch,
  target: number,
  maxDepth: number,
  candidates: number[],
  anomalous: Map<number, SignalAnomaly[]>,
): CandidateEvidence[] {
  const visited = walk(
    graph,
    scratch,
    graph.down,
    target,
    maxDepth,
    scratch.unhealthy,
  );
  const onPath = new Set<number>();
  for (let i = 1; i < visited; i++) onPath.add(scratch.queue[i]);
  return candidates.map(node =>
    evidenceOf(anomalous.get(node), onPath.has(node)),
  );
}

/**
 * The target is its own root cause when nothing below it is: when its
 * signals were measured, only if one of them is anomalous (an alert alone
 * does not name it); otherwise when it is unhealthy. APIs never are.
 */
function targetIsCause(
  graph: TopologyGraph,
  scratch: Scratch,
  target: number,
  options: TopologyAnalysisOptions,
  anomalous: Map<number, SignalAnomaly[]>,
): boolean {
  if ((graph.flags[target] & API) !== 0) return false;
  const measured = [...(options.metrics?.measured ?? [])].some(
    ref => graph.idOf(ref) === target,
  );
  if (measured) return anomalous.has(target);
  return scratch.unhealthy[target] === scratch.analysis;
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

/** One analysis: the graph, its scratch buffers, and what the analysis is of. */
interface AnalysisRun {
  graph: TopologyGraph;
  scratch: Scratch;
  target: number;
  maxDepth: number;
  options: TopologyAnalysisOptions;
  anomalous: Map<number, SignalAnomaly[]>;
}

interface RankedCause {
  cause: RootCause;
  evidence?: CandidateEvidence;
}

/**
 * Every unhealthy entity within maxDepth below the target, marked as a
 * candidate (with its index) for this analysis, in visiting order.
 */
function downstreamCandidates({
  graph,
  scratch,
  target,
  maxDepth,
}: AnalysisRun): number[] {
  const { unhealthy, candidate, candidateIndex, queue, analysis } = scratch;
  const visitedDown = walk(graph, scratch, graph.down, target, maxDepth);
  const candidates: number[] = [];
  for (let i = 1; i < visitedDown; i++) {
    const node = queue[i];
    if (unhealthy[node] === analysis) {
      candidate[node] = analysis;
      candidateIndex[node] = candidates.length;
      candidates.push(node);
    }
  }
  return candidates;
}

/** The candidates as root causes, the target added when it is its own, ranked. */
function rootCausesOf(run: AnalysisRun): RootCause[] {
  const { graph, scratch, target, maxDepth, options, anomalous } = run;
  // Downstream: candidate root causes.
  const candidates = downstreamCandidates(run);
  const found = candidates.map(node => ({
    node,
    distance: scratch.distance[node],
    path: pathTo(graph, scratch, node),
  }));

  const evidence = candidates.some(node => anomalous.has(node))
    ? candidateEvidence(graph, scratch, target, maxDepth, candidates, anomalous)
    : undefined;
  const tolerance = options.onsetToleranceMs ?? DEFAULT_ONSET_TOLERANCE_MS;
  const symptoms = markSymptoms(
    graph,
    scratch,
    candidates,
    maxDepth,
    evidence && ((y, x) => canExplain(evidence[y], evidence[x], tolerance)),
  );
  const ranked: RankedCause[] = found.map((c, index) => ({
    cause: toRootCause(
      graph,
      scratch,
      c,
      symptoms[index],
      anomalous.get(c.node),
    ),
    evidence: evidence?.[index],
  }));
  addTargetIfOwnCause(run, ranked, evidence, tolerance);
  ranked.sort((a, b) => {
    if (a.cause.symptom !== b.cause.symptom) return a.cause.symptom ? 1 : -1;
    const stronger =
      a.evidence && b.evidence && byEvidence(a.evidence, b.evidence);
    return stronger || byRank(a.cause, b.cause);
  });
  return ranked.map(({ cause }, index) => {
    cause.rank = index + 1;
    return cause;
  });
}

/**
 * Adds the target at distance 0 when no candidate was found, or when its
 * own anomaly is one nothing below can explain, and it is a cause at all
 * (see targetIsCause).
 */
function addTargetIfOwnCause(
  run: AnalysisRun,
  ranked: RankedCause[],
  evidence: CandidateEvidence[] | undefined,
  tolerance: number,
) {
  const { graph, scratch, target, options, anomalous } = run;
  // The target's own anomaly, when one began clearly before anything below
  // it went wrong: nothing below can explain it (see canExplain).
  const own = anomalous.has(target)
    ? evidenceOf(anomalous.get(target), true)
    : undefined;
  const unexplained =
    own !== undefined &&
    evidence !== undefined &&
    evidence.every(cause => !canExplain(cause, own, tolerance));
  if (
    (ranked.length === 0 || unexplained) &&
    targetIsCause(graph, scratch, target, options, anomalous)
  ) {
    const self = { node: target, distance: 0, path: [graph.refs[target]] };
    ranked.push({
      cause: toRootCause(graph, scratch, self, false, anomalous.get(target)),
      evidence: unexplained ? own : undefined,
    });
  }
}

/** Upstream: every dependent within maxDepth, nearest first, and the burn rate. */
function blastRadiusOf({ graph, scratch, target, maxDepth }: AnalysisRun) {
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

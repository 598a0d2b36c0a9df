import type { RootCause } from '@awoooi/plugin-awoooi-common';
import type { SignalAnomaly } from '../anomaly';
import type { AnalysisRun, TopologyAnalysisOptions } from './analysisRun';
import {
  CandidateEvidence,
  DEFAULT_ONSET_TOLERANCE_MS,
  anomalyLines,
  byEvidence,
  canExplain,
  evidenceOf,
  toMetricAnomaly,
} from './metricRanking';
import { markSymptoms } from './symptoms';
import { API, PRIORITY_ORDER, TopologyGraph } from './TopologyGraph';
import { pathTo, Scratch, walk } from './topologyWalk';

function byRank(a: RootCause, b: RootCause): number {
  if (a.symptom !== b.symptom) return a.symptom ? 1 : -1;
  const priority =
    PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority);
  if (priority !== 0) return priority;
  if (a.distance !== b.distance) return a.distance - b.distance;
  if (a.entityRef === b.entityRef) return 0;
  return a.entityRef < b.entityRef ? -1 : 1;
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
export function rootCausesOf(run: AnalysisRun): RootCause[] {
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

import type { SignalAnomaly } from '../anomaly';
import type { TopologyMetrics } from './metricRanking';
import type { TopologyGraph } from './TopologyGraph';
import type { Scratch } from './topologyWalk';

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

/** One analysis: the graph, its scratch buffers, and what the analysis is of. */
export interface AnalysisRun {
  graph: TopologyGraph;
  scratch: Scratch;
  target: number;
  maxDepth: number;
  options: TopologyAnalysisOptions;
  anomalous: Map<number, SignalAnomaly[]>;
}

/**
 * Marks every entity of `health` and every entity with an anomalous signal
 * as unhealthy for this analysis; returns the anomalies by node, strongest
 * first.
 */
export function markUnhealthy(
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

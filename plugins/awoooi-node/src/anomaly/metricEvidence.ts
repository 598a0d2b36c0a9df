import {
  DetectOptions,
  ONSET_LOOKBACK_MS,
  SignalAnomaly,
  assessSignal,
} from './detectAnomaly';
import type { MetricSample } from './series';
import { parseSignal } from './signals';

/** The samples of one signal of one entity. */
export interface MetricSeries {
  entityRef: string;
  /** A signal name parseSignal knows; others are skipped. */
  signal: string;
  samples: readonly MetricSample[];
  /**
   * The baseline's history when fetched apart from `samples` (at a coarser
   * step); `samples` then cover only the recent span (see assessSignal).
   */
  history?: readonly MetricSample[];
}

/** What the metrics say about a set of entities. */
export interface MetricEvidence {
  /** Anomalous signals per entity ref, strongest first; only entities with one. */
  anomalies: Map<string, SignalAnomaly[]>;
  /** Entities with at least one signal that had enough data to be judged. */
  measured: Set<string>;
}

/** Runs the detector over every series and gathers the verdicts per entity. */
export function assessMetrics(
  series: Iterable<MetricSeries>,
  options: DetectOptions,
): MetricEvidence {
  const anomalies = new Map<string, SignalAnomaly[]>();
  const measured = new Set<string>();
  for (const { entityRef, signal, samples, history } of series) {
    const info = parseSignal(signal);
    if (!info) continue;
    const verdict = assessSignal(info, samples, options, history);
    if (verdict.status === 'insufficient') continue;
    measured.add(entityRef);
    if (verdict.status === 'anomalous') {
      const list = anomalies.get(entityRef) ?? [];
      list.push(verdict.anomaly);
      anomalies.set(entityRef, list);
    }
  }
  for (const list of anomalies.values()) {
    list.sort((a, b) => b.score - a.score || a.onset - b.onset);
  }
  return { anomalies, measured };
}

/**
 * The series as a coarser read of their history gives them: samples before
 * `at` thinned to one per `historyStepMs` (the first of each step on the
 * epoch grid, as Prometheus evaluates a range query at that step) become
 * the history; the samples from ONSET_LOOKBACK_MS before `at` on stay as
 * they are. What the backend asks Prometheus for with
 * `awoooi.metrics.historyStep`, for recorded data.
 */
export function withCoarseHistory(
  series: readonly MetricSeries[],
  at: number,
  historyStepMs: number,
): MetricSeries[] {
  return series.map(s => {
    const sorted = [...s.samples].sort((a, b) => a.t - b.t);
    const history: MetricSample[] = [];
    let cell = -Infinity;
    for (const sample of sorted) {
      if (sample.t >= at) break;
      const sampleCell = Math.floor(sample.t / historyStepMs);
      if (sampleCell === cell) continue;
      cell = sampleCell;
      history.push(sample);
    }
    const samples = sorted.filter(x => x.t >= at - ONSET_LOOKBACK_MS);
    return { ...s, samples, history };
  });
}

import {
  MetricAnomaly,
  describeMetricAnomaly,
} from '@awoooi/plugin-awoooi-common';
import type { SignalAnomaly } from '../anomaly';

/** What the metrics said about the entities around an incident. */
export interface TopologyMetrics {
  /** Anomalous signals per entity ref (entities without one may be left out). */
  anomalies: ReadonlyMap<string, readonly SignalAnomaly[]>;
  /** Entities whose signals were judged, anomalous or not. */
  measured: ReadonlySet<string>;
}

/**
 * Onsets closer than this are read as simultaneous when deciding whether a
 * dependency's anomaly can explain a dependent's: sampling (one step of a
 * few minutes) blurs which of two series moved first.
 */
export const DEFAULT_ONSET_TOLERANCE_MS = 5 * 60_000;

/** Strength of a candidate's metric evidence, for the ranking. */
export interface CandidateEvidence {
  /** Reached from the target through unhealthy or anomalous entities only. */
  onPath: boolean;
  /** Earliest onset of its anomalies; +Infinity without any. */
  onset: number;
  /** Earliest time they can have begun (before gaps in the samples). */
  earliestOnset: number;
  /** Strongest anomaly score; 0 without any. */
  score: number;
}

export function evidenceOf(
  anomalies: readonly SignalAnomaly[] | undefined,
  onPath: boolean,
): CandidateEvidence {
  let onset = Infinity;
  let earliestOnset = Infinity;
  let score = 0;
  for (const anomaly of anomalies ?? []) {
    onset = Math.min(onset, anomaly.onset);
    earliestOnset = Math.min(earliestOnset, anomaly.earliestOnset);
    score = Math.max(score, anomaly.score);
  }
  return { onPath, onset, earliestOnset, score };
}

/** Stronger evidence first: on an anomalous path, then earlier onset, then higher score. */
export function byEvidence(a: CandidateEvidence, b: CandidateEvidence): number {
  if (a.onPath !== b.onPath) return a.onPath ? -1 : 1;
  if (a.onset !== b.onset) return a.onset < b.onset ? -1 : 1;
  return b.score - a.score;
}

/**
 * Whether trouble at `cause` can explain trouble at `symptom` in time: a
 * dependency whose anomaly began clearly after the dependent's cannot be
 * why the dependent broke. Missing samples make onsets uncertain, so the
 * earliest the cause can have begun is compared with the first bad sample
 * of the symptom. Entities without an onset (alerts only) can explain.
 */
export function canExplain(
  cause: CandidateEvidence,
  symptom: CandidateEvidence,
  toleranceMs: number,
): boolean {
  if (cause.onset === Infinity || symptom.onset === Infinity) return true;
  return cause.earliestOnset <= symptom.onset + toleranceMs;
}

export function toMetricAnomaly(anomaly: SignalAnomaly): MetricAnomaly {
  return {
    signal: anomaly.signal,
    score: anomaly.score,
    onset: new Date(anomaly.onset).toISOString(),
    baseline: anomaly.baseline,
    value: anomaly.value,
    direction: anomaly.direction,
    ...(anomaly.sparkline && { sparkline: anomaly.sparkline }),
  };
}

/** Evidence lines for the anomalies, in words. */
export function anomalyLines(anomalies: readonly MetricAnomaly[]): string[] {
  return anomalies.map(anomaly => describeMetricAnomaly(anomaly));
}

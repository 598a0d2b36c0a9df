import { DetectOptions, SignalAnomaly, assessSignal } from './detectAnomaly';
import type { MetricSample } from './series';
import { parseSignal } from './signals';

/** The samples of one signal of one entity. */
export interface MetricSeries {
  entityRef: string;
  /** A signal name parseSignal knows; others are skipped. */
  signal: string;
  samples: readonly MetricSample[];
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
  for (const { entityRef, signal, samples } of series) {
    const info = parseSignal(signal);
    if (!info) continue;
    const verdict = assessSignal(info, samples, options);
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

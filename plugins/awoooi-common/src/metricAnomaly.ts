import type { MetricAnomaly } from './types';

const LATENCY_STATISTICS: Record<string, string> = {
  avg: 'average',
  mean: 'average',
  max: 'maximum',
};

/** `latency.p90` → `p90 latency`; `latency.avg` → `average latency`. */
export function signalLabel(signal: string): string {
  const [family, statistic] = signal.split('.', 2);
  if (!statistic) return family;
  return `${LATENCY_STATISTICS[statistic] ?? statistic} ${family}`;
}

/** 12×, 6.2×, 0.25×: two significant digits at most, no trailing `.0`. */
const ratioText = (n: number) => {
  if (n >= 10) return n.toFixed(0);
  return String(Number(n >= 1 ? n.toFixed(1) : n.toPrecision(2)));
};

const percent = (fraction: number) =>
  `${(Math.round(fraction * 10000) / 100).toString()} %`;

/**
 * One line of evidence in words: "p90 latency 6.2× its usual since 10:02",
 * "availability 97 % instead of 100 % since 10:02". `time` formats the onset
 * (ISO-8601 by default; a UI passes the viewer's clock time).
 */
export function describeMetricAnomaly(
  anomaly: MetricAnomaly,
  time: (iso: string) => string = iso => iso,
): string {
  const label = signalLabel(anomaly.signal);
  const since = `since ${time(anomaly.onset)}`;
  if (anomaly.signal === 'availability') {
    return `${label} ${percent(anomaly.value)} instead of ${percent(
      anomaly.baseline,
    )} ${since}`;
  }
  if (anomaly.baseline > 0 && anomaly.value >= 0) {
    const ratio = anomaly.value / anomaly.baseline;
    return `${label} ${ratioText(ratio)}× its usual ${since}`;
  }
  return `${label} at ${Number(anomaly.value.toPrecision(3))} (usually ${Number(
    anomaly.baseline.toPrecision(3),
  )}) ${since}`;
}

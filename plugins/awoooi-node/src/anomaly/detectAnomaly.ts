import { Baseline, buildBaseline } from './baseline';
import {
  MetricSample,
  cleanSamples,
  medianGap,
  prepareSeries,
  readsAsCounter,
} from './series';
import type { SignalFamily, SignalInfo } from './signals';

export const DEFAULT_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** Robust z-score a sustained deviation must reach to count as an anomaly. */
export const DEFAULT_ANOMALY_THRESHOLD = 5;
/** Fewer history samples than this: the signal is not judged. */
const MIN_HISTORY = 24;
/**
 * How far before the incident window an anomaly's onset is looked for; a
 * history fetched apart (see assessSignal) must leave this span to the
 * samples.
 */
export const ONSET_LOOKBACK_MS = 2 * 3_600_000;
/** Noise never counts as less than this share of the usual level … */
const RELATIVE_FLOOR = 0.05;
/** … nor less than this, in the signal's unit (seconds; fractions; counts). */
const FRACTION_FLOOR: Record<SignalFamily, number> = {
  // 0.2 ms: caches answer in well under a millisecond.
  latency: 0.0002,
  availability: 0.001,
  errors: 0.002,
  requests: 0.01,
  saturation: 0.005,
  cpu: 0.005,
  memory: 0.005,
};
const COUNT_FLOOR = 0.5;

export interface DetectOptions {
  /** Start of the incident window (epoch ms): earlier samples are history. */
  at: number;
  /** History used for the baseline; default 7 days. */
  lookbackMs?: number;
  threshold?: number;
  /** Force (true) or forbid (false) reading the series as a cumulative counter. */
  counter?: boolean;
}

export interface SignalAnomaly {
  signal: string;
  /** Robust z-score of the sustained deviation (two bad samples in a row). */
  score: number;
  /** Epoch ms of the first bad sample of the run; may precede the incident window. */
  onset: number;
  /**
   * The earliest the anomaly can have begun: after a gap in the samples,
   * one step after the last good one; otherwise the onset.
   */
  earliestOnset: number;
  /** The usual value at the onset, in the series' unit (availability as a fraction, counters as rates). */
  baseline: number;
  /** Median value since the onset, in the same unit. */
  value: number;
  direction: 'up' | 'down';
  /**
   * The last two hours before the window and the window, at most
   * SPARKLINE_POINTS values in the anomaly's unit; values from `windowStart`
   * on are the incident window.
   */
  sparkline?: { values: number[]; windowStart: number };
}

const SPARKLINE_POINTS = 60;

export type SignalAssessment =
  | { status: 'insufficient'; signal: string; reason: string }
  | { status: 'normal'; signal: string; score: number }
  | { status: 'anomalous'; signal: string; anomaly: SignalAnomaly };

function noiseAt(baseline: Baseline, floor: number, t: number): number {
  return Math.max(
    baseline.sigma,
    RELATIVE_FLOOR * Math.abs(baseline.expected(t)),
    floor,
  );
}

/**
 * How bad each sample is when it is bad together with a neighbour: the
 * smaller of its own badness and that of its worse neighbour. A lone spike,
 * and a good sample between two spikes, stay low.
 */
function sustained(bad: number[]): number[] {
  if (bad.length === 1) return bad;
  return bad.map((value, i) => {
    const before = i > 0 ? bad[i - 1] : -Infinity;
    const after = i < bad.length - 1 ? bad[i + 1] : -Infinity;
    return Math.min(value, Math.max(before, after));
  });
}

/**
 * When the samples just before the run are missing, the anomaly may have
 * begun anywhere in the gap: the earliest it can have begun is one step
 * after the last good sample.
 */
function earliestOnsetTime(
  points: readonly MetricSample[],
  onset: number,
  step: number,
) {
  if (onset === 0) return points[0].t;
  const previous = points[onset - 1].t;
  return points[onset].t - previous > 1.5 * step
    ? previous + step
    : points[onset].t;
}

function absoluteFloor(signal: SignalInfo, samples: readonly MetricSample[]) {
  if (signal.family === 'latency' || signal.family === 'availability') {
    return FRACTION_FLOOR[signal.family];
  }
  const fractionLike = samples.every(s => Math.abs(s.v) <= 1);
  return fractionLike ? FRACTION_FLOOR[signal.family] : COUNT_FLOOR;
}

/** Positive when the signal moves the bad way; traffic is bad both ways. */
function badness(signal: SignalInfo, signedZ: number): number {
  if (signal.family === 'availability' || signal.direction === 'up')
    return signedZ;
  if (signal.direction === 'down') return -signedZ;
  return Math.abs(signedZ);
}

/** Why a series cannot be judged, if it cannot. */
function whatIsLacking(historySamples: number, windowHasSamples: boolean) {
  if (historySamples < MIN_HISTORY)
    return `${historySamples} samples of history`;
  if (!windowHasSamples) return 'no sample in the incident window';
  return undefined;
}

/**
 * The series to judge, the history its baseline comes from and the
 * samples' spacing. The history is the series' own samples in the lookback,
 * or, when given apart (a coarser read of the weeks before, so that a
 * baseline costs Prometheus a fraction of the steps), those: then the
 * samples hold only the recent span and are read as a counter, or not,
 * the way the history is.
 */
function prepare(
  signal: SignalInfo,
  samples: readonly MetricSample[],
  options: DetectOptions,
  separateHistory: readonly MetricSample[] | undefined,
) {
  const { at } = options;
  const lookback = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const inLookback = (s: MetricSample) => s.t < at && s.t >= at - lookback;
  if (!separateHistory) {
    const series = prepareSeries(signal, samples, options.counter);
    const history = series.filter(inLookback);
    return { series, history, step: medianGap(history) };
  }
  const counter =
    options.counter ?? readsAsCounter(signal, cleanSamples(separateHistory));
  const series = prepareSeries(signal, samples, counter);
  const history = prepareSeries(signal, separateHistory, counter);
  return {
    series,
    history: history.filter(inLookback),
    step: medianGap(series),
  };
}

/**
 * Compares the incident window of one (entity, signal) series with the
 * series' own history and says whether it is anomalous, how strongly and
 * since when.
 *
 * The history (`lookbackMs` before `at`) gives a robust baseline, a daily
 * profile when there is one (see buildBaseline). Each sample's deviation is
 * divided by the usual noise, floored so that constant series (always 0,
 * always 100 %) do not turn the slightest change into an alarm. A lone
 * spike is never an anomaly: it takes two bad samples in a row (missing
 * samples skipped). The onset is where the run of bad samples that reaches
 * into the window began, looked for up to two hours before `at`; after a
 * gap in the samples, `earliestOnset` says how much earlier it may be.
 * `separateHistory`, when given, is the baseline's history and `samples`
 * only the span from ONSET_LOOKBACK_MS before `at` on.
 */
export function assessSignal(
  signal: SignalInfo,
  samples: readonly MetricSample[],
  options: DetectOptions,
  separateHistory?: readonly MetricSample[],
): SignalAssessment {
  const { at } = options;
  const threshold = options.threshold ?? DEFAULT_ANOMALY_THRESHOLD;
  const { series, history, step } = prepare(
    signal,
    samples,
    options,
    separateHistory,
  );
  const firstInWindow = series.findIndex(s => s.t >= at);
  const name = signal.name;
  const lacking = whatIsLacking(history.length, firstInWindow !== -1);
  if (lacking) return { status: 'insufficient', signal: name, reason: lacking };

  const baseline = buildBaseline(history);
  const floor = absoluteFloor(signal, series);
  const points = series.filter(s => s.t >= at - ONSET_LOOKBACK_MS);
  const signed = points.map(
    s => (s.v - baseline.expected(s.t)) / noiseAt(baseline, floor, s.t),
  );
  const bad = sustained(signed.map(z => badness(signal, z)));
  const windowStart = points.findIndex(s => s.t >= at);

  let peak = -Infinity;
  let first = -1;
  for (let i = windowStart; i < points.length; i++) {
    peak = Math.max(peak, bad[i]);
    if (first === -1 && bad[i] >= threshold) first = i;
  }
  if (first === -1) {
    return { status: 'normal', signal: name, score: Math.max(0, peak) };
  }
  let onset = first;
  while (onset > 0 && bad[onset - 1] >= threshold) onset--;
  const anomaly = describe(
    signal,
    points,
    onset,
    baseline,
    peak,
    signed[first],
  );
  anomaly.earliestOnset = earliestOnsetTime(points, onset, step);
  anomaly.sparkline = sparkline(signal, points, at);
  return { status: 'anomalous', signal: name, anomaly };
}

function describe(
  signal: SignalInfo,
  points: readonly MetricSample[],
  onset: number,
  baseline: Baseline,
  peak: number,
  signedAtFirst: number,
): SignalAnomaly {
  const since = points
    .slice(onset)
    .map(s => s.v)
    .sort((a, b) => a - b);
  const mid = since.length >> 1;
  let value = since.length % 2 ? since[mid] : (since[mid - 1] + since[mid]) / 2;
  let usual = baseline.expected(points[onset].t);
  let direction: 'up' | 'down' = signedAtFirst >= 0 ? 'up' : 'down';
  if (signal.family === 'availability') {
    // Back from unavailability to the availability fraction users know.
    value = 1 - value;
    usual = 1 - usual;
    direction = 'down';
  }
  return {
    signal: signal.name,
    score: Math.round(peak * 100) / 100,
    onset: points[onset].t,
    earliestOnset: points[onset].t,
    baseline: usual,
    value,
    direction,
  };
}

/** Points averaged down to at most SPARKLINE_POINTS, history and window apart. */
function sparkline(
  signal: SignalInfo,
  points: readonly MetricSample[],
  at: number,
): { values: number[]; windowStart: number } {
  const unit = (v: number) => (signal.family === 'availability' ? 1 - v : v);
  const before = points.filter(p => p.t < at).map(p => unit(p.v));
  const during = points.filter(p => p.t >= at).map(p => unit(p.v));
  const total = before.length + during.length;
  const keep = (list: number[]) =>
    shrink(
      list,
      Math.max(1, Math.round((SPARKLINE_POINTS * list.length) / total)),
    );
  const history = before.length > 0 ? keep(before) : [];
  const window = keep(during);
  const round = (v: number) => Number(v.toPrecision(4));
  return {
    values: [...history, ...window].map(round),
    windowStart: history.length,
  };
}

/** Averages consecutive values so that at most `size` remain. */
function shrink(values: number[], size: number): number[] {
  if (values.length <= size) return values;
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    const from = Math.floor((i * values.length) / size);
    const to = Math.floor(((i + 1) * values.length) / size);
    const slice = values.slice(from, to);
    out.push(slice.reduce((a, b) => a + b, 0) / slice.length);
  }
  return out;
}

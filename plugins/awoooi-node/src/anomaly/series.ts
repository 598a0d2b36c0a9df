import { median } from './robust';
import type { SignalInfo } from './signals';

/** One observation: `t` in epoch milliseconds. */
export interface MetricSample {
  t: number;
  v: number;
}

/** Typical spacing of ordered samples: the median gap; NaN for fewer than two. */
export function medianGap(samples: readonly MetricSample[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    gaps.push(samples[i].t - samples[i - 1].t);
  }
  return median(gaps);
}

/** Samples in time order, one per timestamp (the last one given wins). */
export function cleanSamples(samples: readonly MetricSample[]): MetricSample[] {
  const valid = samples.filter(
    s => Number.isFinite(s.t) && Number.isFinite(s.v),
  );
  valid.sort((a, b) => a.t - b.t);
  const out: MetricSample[] = [];
  for (const sample of valid) {
    if (out.length > 0 && out[out.length - 1].t === sample.t) {
      out[out.length - 1] = sample;
    } else {
      out.push(sample);
    }
  }
  return out;
}

/**
 * Availability is read as a fraction, or as a percent when any value
 * exceeds 1, and turned into unavailability (1 − fraction) so that every
 * "worse" signal but traffic grows: a constant 100 % becomes a constant 0.
 */
export function toUnavailability(samples: MetricSample[]): MetricSample[] {
  const percent = samples.some(s => s.v > 1);
  return samples.map(s => ({ t: s.t, v: 1 - (percent ? s.v / 100 : s.v) }));
}

/**
 * A cumulative counter: never decreasing except at resets (a drop to less
 * than half), and rising over at least half of its steps. Gauges with a
 * daily cycle fall every night, so they never pass.
 */
export function looksLikeCounter(samples: readonly MetricSample[]): boolean {
  if (samples.length < 3) return false;
  let rises = 0;
  let resets = 0;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1].v;
    const now = samples[i].v;
    if (now > before) rises++;
    else if (now < before) {
      if (now > before / 2) return false;
      resets++;
    }
  }
  const steps = samples.length - 1;
  return rises * 2 >= steps && resets * 20 <= steps;
}

/** Per-second rate of a counter; after a reset the counter restarted from 0. */
export function toRate(samples: readonly MetricSample[]): MetricSample[] {
  const out: MetricSample[] = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = (samples[i].t - samples[i - 1].t) / 1000;
    const delta = samples[i].v - samples[i - 1].v;
    const increase = delta >= 0 ? delta : samples[i].v;
    out.push({ t: samples[i].t, v: increase / seconds });
  }
  return out;
}

/** Counters that count events (requests, errors) may be cumulative. */
const COUNTABLE = new Set(['requests', 'errors']);

/**
 * The series as the detector compares it: ordered, availability as
 * unavailability, counters as rates. `counter` forces (true) or forbids
 * (false) the counter reading; by default it is recognised from the shape.
 */
export function prepareSeries(
  signal: SignalInfo,
  samples: readonly MetricSample[],
  counter?: boolean,
): MetricSample[] {
  const clean = cleanSamples(samples);
  if (signal.family === 'availability') return toUnavailability(clean);
  const isCounter = counter ?? readsAsCounter(signal, clean);
  return isCounter ? toRate(clean) : clean;
}

/** Whether a signal's samples (cleaned) look like a cumulative counter. */
export function readsAsCounter(
  signal: SignalInfo,
  clean: readonly MetricSample[],
): boolean {
  return COUNTABLE.has(signal.family) && looksLikeCounter(clean);
}

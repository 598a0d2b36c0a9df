import type { MetricSample } from './series';
import { median, robustSigma } from './robust';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A daily profile needs this much history to have seen each hour twice. */
const MIN_SEASONAL_SPAN_MS = 2 * DAY_MS;
/** Fewer samples than this in an hour of the day: that hour uses the overall median. */
const MIN_PER_HOUR = 3;
/** The daily profile is used only when it explains a good part of the spread. */
const SEASONAL_GAIN = 0.8;

/** What a series usually looks like: its expected value at a time, and its noise. */
export interface Baseline {
  expected(t: number): number;
  /** Robust standard deviation of the history around `expected`. */
  sigma: number;
  seasonal: boolean;
}

function hourlyMedians(history: readonly MetricSample[], fallback: number) {
  const buckets: number[][] = Array.from({ length: 24 }, () => []);
  for (const s of history) {
    buckets[Math.floor((((s.t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS)].push(
      s.v,
    );
  }
  return buckets.map(b => (b.length >= MIN_PER_HOUR ? median(b) : fallback));
}

/** Linear interpolation between the medians of the hours of the day, centred on each hour. */
function dailyProfile(medians: number[]): (t: number) => number {
  return t => {
    const hours = (((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS - 0.5;
    const lower = Math.floor(hours);
    const weight = hours - lower;
    const a = medians[(lower + 24) % 24];
    const b = medians[(lower + 25) % 24];
    return a + (b - a) * weight;
  };
}

/**
 * The robust baseline of a history: a daily profile (medians per hour of
 * the day, UTC) when the history spans two days or more and the profile
 * reduces the spread, otherwise the overall median. Spikes and outages in the
 * history barely move medians, so they do not widen what counts as usual.
 */
export function buildBaseline(history: readonly MetricSample[]): Baseline {
  const values = history.map(s => s.v);
  const level = median(values);
  const flatSigma = robustSigma(values);
  const flat: Baseline = {
    expected: () => level,
    sigma: flatSigma,
    seasonal: false,
  };
  const span =
    history.length > 0 ? history[history.length - 1].t - history[0].t : 0;
  if (span < MIN_SEASONAL_SPAN_MS || flatSigma === 0) return flat;

  const profile = dailyProfile(hourlyMedians(history, level));
  const residuals = history.map(s => s.v - profile(s.t));
  const seasonalSigma = robustSigma(residuals);
  if (seasonalSigma >= SEASONAL_GAIN * flatSigma) return flat;
  return { expected: profile, sigma: seasonalSigma, seasonal: true };
}

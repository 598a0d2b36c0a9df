import { medianGap, MetricSample } from './series';
import { median, robustSigma } from './robust';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A daily profile needs this much history to have seen each hour twice. */
const MIN_SEASONAL_SPAN_MS = 2 * DAY_MS;
/** Fewer samples than this in an hour of the day: that hour uses the overall median. */
const MIN_PER_HOUR = 3;
/** How far from a time of day the samples that say what is usual then may lie. */
const TIME_OF_DAY_HALF_WIDTH_MS = 15 * MINUTE_MS;
/** The daily profile is used only when it explains a good part of the spread. */
const SEASONAL_GAIN = 0.8;
/** … and, judged by its mean deviation, makes the robust spread no more than this much wider. */
const NOT_WORSE = 1.05;

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
    buckets[Math.floor(timeOfDay(s.t) / HOUR_MS)].push(s.v);
  }
  return buckets.map(b => (b.length >= MIN_PER_HOUR ? median(b) : fallback));
}

/** Linear interpolation between the medians of the hours of the day, centred on each hour. */
function dailyProfile(medians: number[]): (t: number) => number {
  return t => {
    const hours = timeOfDay(t) / HOUR_MS - 0.5;
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
  if (span < MIN_SEASONAL_SPAN_MS) return flat;
  const profile = timeOfDayProfile(history, level);
  const residuals = history.map(s => s.v - profile(s.t));
  const seasonalSigma = robustSigma(residuals);
  if (!explainsSpread(values, level, flatSigma, residuals, seasonalSigma))
    return flat;
  return { expected: profile, sigma: seasonalSigma, seasonal: true };
}

/**
 * Whether the daily profile explains a good part of the spread: by robust
 * sigma, or — for a change that lasts a small part of each day (a daily
 * job lifts the series for two hours), which barely moves a robust spread —
 * by the mean absolute deviation, as long as the robust spread is no worse.
 */
function explainsSpread(
  values: readonly number[],
  level: number,
  flatSigma: number,
  residuals: readonly number[],
  seasonalSigma: number,
): boolean {
  if (flatSigma > 0 && seasonalSigma < SEASONAL_GAIN * flatSigma) return true;
  if (seasonalSigma > NOT_WORSE * flatSigma) return false;
  const meanAbs = (list: readonly number[], centre: number) =>
    list.reduce((sum, v) => sum + Math.abs(v - centre), 0) / list.length;
  const flatSpread = meanAbs(values, level);
  return flatSpread > 0 && meanAbs(residuals, 0) < SEASONAL_GAIN * flatSpread;
}

/**
 * The usual value at each time of day: the median of the history's samples
 * within TIME_OF_DAY_HALF_WIDTH of that time on every day (wider when the
 * samples are sparser), so a change that comes at the same minute every
 * day — a batch job at 13:40 — is part of the usual; an hourly median
 * would smear it over the hour. Times of day with too few samples use
 * the hourly profile.
 */
function timeOfDayProfile(
  history: readonly MetricSample[],
  level: number,
): (t: number) => number {
  const hourly = dailyProfile(hourlyMedians(history, level));
  const gap = medianGap(history);
  const step = Math.max(MINUTE_MS, Number.isNaN(gap) ? HOUR_MS : gap);
  const halfWidth = Math.max(TIME_OF_DAY_HALF_WIDTH_MS, 1.5 * step);
  const slots = Math.ceil(DAY_MS / step);
  const byTime = history
    .map(s => ({ at: timeOfDay(s.t), v: s.v }))
    .sort((a, b) => a.at - b.at);
  const medians = new Float64Array(slots);
  for (let slot = 0; slot < slots; slot++) {
    const centre = slot * step;
    const near = valuesWithin(byTime, centre, halfWidth);
    medians[slot] =
      near.length >= MIN_PER_HOUR ? median(near) : hourly(centre + 0.5 * step);
  }
  return t =>
    medians[Math.min(slots - 1, Math.round(timeOfDay(t) / step) % slots)];
}

function timeOfDay(t: number): number {
  return ((t % DAY_MS) + DAY_MS) % DAY_MS;
}

/** Values whose time of day is within `halfWidth` of `centre`, across midnight too. */
function valuesWithin(
  byTime: ReadonlyArray<{ at: number; v: number }>,
  centre: number,
  halfWidth: number,
): number[] {
  const out: number[] = [];
  for (const shift of [-DAY_MS, 0, DAY_MS]) {
    const from = centre - halfWidth + shift;
    const to = centre + halfWidth + shift;
    let i = lowerBound(byTime, from);
    for (; i < byTime.length && byTime[i].at <= to; i++) out.push(byTime[i].v);
  }
  return out;
}

function lowerBound(
  byTime: ReadonlyArray<{ at: number }>,
  from: number,
): number {
  let low = 0;
  let high = byTime.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (byTime[mid].at < from) low = mid + 1;
    else high = mid;
  }
  return low;
}

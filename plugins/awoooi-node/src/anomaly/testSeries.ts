import type { MetricSample } from './series';

/** Deterministic PRNG (mulberry32) for repeatable synthetic series. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
/** Incident window start used by the tests: a Tuesday at 14:00 UTC. */
export const AT = Date.UTC(2026, 10, 24, 14, 0);

export interface SeriesShape {
  /** Usual level. */
  level: number;
  /** Relative noise (standard deviation as a share of the level). */
  noise?: number;
  /** Relative daily swing: the level times 1 ± this, peaking at 14:00 UTC. */
  daily?: number;
  days?: number;
  stepMinutes?: number;
  /** Minutes of samples from `at` on. */
  windowMinutes?: number;
  /** Changes the value at a time, e.g. to inject a fault. */
  shape?: (t: number, value: number) => number;
  seed?: number;
}

/** A series over `days` of history and a window, with noise and a daily cycle. */
export function series(options: SeriesShape): MetricSample[] {
  const random = seededRandom(options.seed ?? 7);
  const step = (options.stepMinutes ?? 5) * MINUTE;
  const start = AT - (options.days ?? 7) * DAY;
  const end = AT + (options.windowMinutes ?? 30) * MINUTE;
  const out: MetricSample[] = [];
  for (let t = start; t < end; t += step) {
    const phase = (2 * Math.PI * (t - Date.UTC(2026, 0, 1, 8))) / DAY;
    const cycle = 1 + (options.daily ?? 0) * Math.sin(phase);
    // Sum of uniforms: close enough to normal noise.
    const gauss = random() + random() + random() - 1.5;
    const base = options.level * cycle * (1 + (options.noise ?? 0) * 2 * gauss);
    out.push({ t, v: options.shape ? options.shape(t, base) : base });
  }
  return out;
}

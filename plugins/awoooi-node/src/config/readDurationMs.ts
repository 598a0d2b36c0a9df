import { type Config, readDurationFromConfig } from '@backstage/config';

const MS_PER_UNIT = {
  years: 365.25 * 24 * 3_600_000,
  months: 30 * 24 * 3_600_000,
  weeks: 7 * 24 * 3_600_000,
  days: 24 * 3_600_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
} as const;

/**
 * A duration setting in milliseconds, from any form Backstage config accepts
 * (`90s`, `PT2M`, `{ seconds: 90 }`); `defaultMs` when absent. Must be positive.
 */
export function readDurationMs(
  config: Config,
  key: string,
  defaultMs: number,
): number {
  if (!config.has(key)) return defaultMs;
  const duration = readDurationFromConfig(config, { key });
  let ms = 0;
  for (const [unit, factor] of Object.entries(MS_PER_UNIT)) {
    ms += (duration[unit as keyof typeof MS_PER_UNIT] ?? 0) * factor;
  }
  if (!(ms > 0)) {
    throw new Error(`Config '${key}' must be a positive duration`);
  }
  return Math.round(ms);
}

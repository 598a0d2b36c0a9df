import { ConfigReader } from '@backstage/config';
import { readDurationMs } from '@awoooi/plugin-awoooi-node';
import { UsageError } from '../usage';

/**
 * A duration flag (`10m`, `90s`, `PT10M`, `1h`: any duration Backstage
 * config accepts) in milliseconds; `defaultMs` when the flag is absent.
 */
export function parseDurationFlag<T extends number | undefined>(
  flag: string,
  value: string | undefined,
  defaultMs: T,
): number | T {
  if (value === undefined) return defaultMs;
  try {
    return readDurationMs(new ConfigReader({ value }), 'value', 0);
  } catch {
    throw new UsageError(
      `${flag} must be a duration such as 10m, 90s or PT10M, got ${value}`,
    );
  }
}

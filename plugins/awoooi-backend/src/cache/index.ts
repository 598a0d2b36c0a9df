import type { CacheService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  readDurationMs,
  type AwoooiBrain,
  type AwoooiMetricsSource,
} from '@awoooi/plugin-awoooi-node';
import { CachedBrain } from './CachedBrain';
import { CachedMetricsSource } from './CachedMetricsSource';

export { CachedBrain } from './CachedBrain';
export { CachedMetricsSource } from './CachedMetricsSource';

export interface CacheSettings {
  enabled: boolean;
  prometheusTtlMs: number;
  brainTtlMs: number;
}

export function readCacheSettings(config: Config): CacheSettings {
  return {
    enabled: config.getOptionalBoolean('awoooi.cache.enabled') ?? true,
    prometheusTtlMs: readDurationMs(
      config,
      'awoooi.cache.prometheusTtl',
      10 * 60_000,
    ),
    brainTtlMs: readDurationMs(config, 'awoooi.cache.brainTtl', 60 * 60_000),
  };
}

/** The metrics sources and brains, behind the shared cache unless it is turned off. */
export function withCache(
  settings: CacheSettings,
  cache: CacheService,
  parts: {
    metricsSources: AwoooiMetricsSource[];
    brains: Map<string, AwoooiBrain>;
  },
) {
  if (!settings.enabled) return parts;
  return {
    metricsSources: parts.metricsSources.map(
      s => new CachedMetricsSource(s, cache, settings.prometheusTtlMs),
    ),
    brains: new Map(
      [...parts.brains].map(([id, b]) => [
        id,
        new CachedBrain(b, cache, settings.brainTtlMs),
      ]),
    ),
  };
}

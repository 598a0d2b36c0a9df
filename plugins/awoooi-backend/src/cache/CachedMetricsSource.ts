import type { CacheService } from '@backstage/backend-plugin-api';
import type {
  AwoooiMetricsSource,
  PromRule,
  PromSample,
  PromSeries,
} from '@awoooi/plugin-awoooi-node';
import { cacheKey, fromCacheJson, toCacheJson } from './cacheKey';

/**
 * A Prometheus source whose answers about a fixed window are shared through
 * Backstage's cache service (Redis or memcache when several instances run):
 * range queries, and instant queries at a given time. A window that ends in
 * the past never changes, so any instance may reuse it until the TTL ends.
 * Instant queries of "now" and rules are always asked afresh.
 */
export class CachedMetricsSource implements AwoooiMetricsSource {
  readonly name: string;

  constructor(
    private readonly source: AwoooiMetricsSource,
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {
    this.name = source.name;
  }

  query(promql: string, time?: Date): Promise<PromSample[]> {
    if (!time) return this.source.query(promql);
    return this.cached(['query', promql, time.getTime()], () =>
      this.source.query(promql, time),
    );
  }

  queryRange(
    promql: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<PromSeries[]> {
    return this.cached(
      ['range', promql, start.getTime(), end.getTime(), stepSeconds],
      () => this.source.queryRange(promql, start, end, stepSeconds),
    );
  }

  rules(): Promise<PromRule[]> {
    return this.source.rules();
  }

  private async cached<T>(parts: unknown[], ask: () => Promise<T>): Promise<T> {
    const key = cacheKey(`prom:${this.name}`, parts);
    const hit = await this.cache.get<string>(key).catch(() => undefined);
    if (typeof hit === 'string') return fromCacheJson<T>(hit);
    const answer = await ask();
    // A cache that is down costs a query, never the answer.
    await this.cache
      .set(key, toCacheJson(answer), { ttl: this.ttlMs })
      .catch(() => undefined);
    return answer;
  }
}

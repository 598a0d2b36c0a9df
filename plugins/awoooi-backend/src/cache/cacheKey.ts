import { sha256Hex } from '@awoooi/plugin-awoooi-node';

/**
 * A cache key: a prefix saying what is cached, then the SHA-256 of the
 * parts. The parts never appear in the key itself, so nothing of a query or
 * a prompt can be read back from the cache's key space.
 */
export function cacheKey(prefix: string, parts: unknown[]): string {
  return `${prefix}:${sha256Hex(JSON.stringify(parts))}`;
}

/** JSON that keeps NaN and ±Inf (Prometheus answers them) as strings. */
export function toCacheJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v,
  );
}

export function fromCacheJson<T>(text: string): T {
  return JSON.parse(text, (_key, v) =>
    typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v,
  );
}

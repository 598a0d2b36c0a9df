import { createHash } from 'crypto';

/**
 * JSON with object keys sorted, so equal content always gives equal text
 * (and hash) whatever order it was built in. Object members that are
 * `undefined` are left out, as JSON.stringify leaves them out.
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Hex SHA-256 of a text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short digest of a value that does not depend on its key order. */
export function stableDigest(value: unknown, length = 32): string {
  return sha256Hex(stableStringify(value)).slice(0, length);
}

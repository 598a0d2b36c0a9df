import { createHash } from 'crypto';

/** JSON with sorted keys, so equal states always serialise alike. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Digest of the state a dry-run read: what a second approver must not see change. */
export function stateFingerprint(state: Record<string, unknown>): string {
  return createHash('sha256')
    .update(stableStringify(state))
    .digest('hex')
    .slice(0, 32);
}

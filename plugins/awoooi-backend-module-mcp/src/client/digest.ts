import { createHash } from 'crypto';

/** JSON with sorted keys, so equal values always serialise alike. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Short SHA-256 of a value, independent of key order. */
export function digest(value: unknown): string {
  return createHash('sha256')
    .update(stableStringify(value))
    .digest('hex')
    .slice(0, 32);
}

/** What identifies a tool's contract: a change here voids proposals that used it. */
export function toolDigest(tool: {
  name: string;
  description?: string;
  inputSchema?: unknown;
}): string {
  return digest({
    name: tool.name,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema ?? null,
  });
}

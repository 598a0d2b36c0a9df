import { stableDigest } from '@awoooi/plugin-awoooi-node';

/** Short SHA-256 of a value, independent of key order. */
export const digest = (value: unknown): string => stableDigest(value);

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

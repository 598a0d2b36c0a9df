import { stableDigest } from '@awoooi/plugin-awoooi-node';

/** Digest of the state a dry-run read: what a second approver must not see change. */
export function stateFingerprint(state: Record<string, unknown>): string {
  return stableDigest(state);
}

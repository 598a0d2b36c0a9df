import { sha256Hex } from '../hashing/stableHash';
import type { FinOpsKind } from '@awoooi/plugin-awoooi-common';

/**
 * Stable id of a recommendation: the same finding on the same resource keeps
 * its id from scan to scan, so a proposal made from it can be linked back.
 */
export function finOpsRecommendationId(
  kind: FinOpsKind,
  cluster: string,
  resource: string,
): string {
  const digest = sha256Hex(`${kind}\n${cluster}\n${resource}`);
  return `finops-${digest.slice(0, 16)}`;
}

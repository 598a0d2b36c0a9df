import { createHash } from 'crypto';
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
  const digest = createHash('sha256')
    .update(`${kind}\n${cluster}\n${resource}`)
    .digest('hex');
  return `finops-${digest.slice(0, 16)}`;
}

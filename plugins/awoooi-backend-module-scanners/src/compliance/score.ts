import type {
  ComplianceCheck,
  ComplianceDimension,
  ComplianceStatus,
} from '@awoooi/plugin-awoooi-common';

const POINTS: Record<Exclude<ComplianceStatus, 'unknown'>, number> = {
  pass: 1,
  warning: 0.5,
  fail: 0,
};

/**
 * 0–100 over the known dimensions, each weighted: a pass counts fully, a
 * warning half, a failure nothing. Null when nothing is known.
 */
export function complianceScore(
  checks: Array<Pick<ComplianceCheck, 'dimension' | 'status'>>,
  weights: Record<ComplianceDimension, number>,
): number | null {
  let total = 0;
  let earned = 0;
  for (const { dimension, status } of checks) {
    if (status === 'unknown') continue;
    total += weights[dimension];
    earned += weights[dimension] * POINTS[status];
  }
  return total > 0 ? Math.round((100 * earned) / total) : null;
}

/** An owner group's score: the mean of its entities' known scores. */
export function rollupScore(scores: Array<number | null>): number | null {
  const known = scores.filter((s): s is number => s !== null);
  return known.length
    ? Math.round(known.reduce((a, b) => a + b, 0) / known.length)
    : null;
}

import { describeRequirement, requirementFor } from './matrix';
import type { RiskLevel, SignatureRequirement, TrustThresholds } from './types';

/** Trust thresholds: HIGH sheds a signature at 10, MEDIUM runs by itself at 5. */
export const DEFAULT_TRUST_THRESHOLDS: Readonly<TrustThresholds> =
  Object.freeze({ high: 10, medium: 5 });

export type TrustDecision = 'approve' | 'reject';

/**
 * The score of a pattern after a human decision: an approval adds one, a
 * rejection wipes it at once (trust is slow to earn and lost in one go).
 */
export function nextTrustScore(score: number, decision: TrustDecision): number {
  if (decision === 'reject') return 0;
  const current = Number.isFinite(score) ? Math.max(0, Math.floor(score)) : 0;
  return current + 1;
}

/**
 * The risk whose matrix row a pattern needs now. Trust lowers a pattern by one
 * level at most: HIGH at `thresholds.high` needs what MEDIUM needs (1 signature
 * of admin/devops/sre), MEDIUM at `thresholds.medium` needs what LOW needs
 * (none). CRITICAL never changes and LOW needs nothing anyway.
 */
export function effectiveRisk(
  risk: RiskLevel,
  trustScore: number,
  thresholds: TrustThresholds = DEFAULT_TRUST_THRESHOLDS,
): RiskLevel {
  if (risk === 'HIGH' && trustScore >= thresholds.high) return 'MEDIUM';
  if (risk === 'MEDIUM' && trustScore >= thresholds.medium) return 'LOW';
  return risk;
}

/** What a proposal of this base risk needs, given the trust its pattern has earned. */
export function requiredSignatures(
  risk: RiskLevel,
  trustScore: number,
  thresholds: TrustThresholds = DEFAULT_TRUST_THRESHOLDS,
): SignatureRequirement {
  return requirementFor(effectiveRisk(risk, trustScore, thresholds));
}

export interface TrustExplanation {
  baseRisk: RiskLevel;
  effectiveRisk: RiskLevel;
  trustScore: number;
  required: SignatureRequirement;
  /** The score at which the pattern sheds its next signature; null when it never will. */
  nextThreshold: number | null;
  /** e.g. "HIGH, trust 12 (≥ 10): needs 1 signature of admin, devops, sre". */
  description: string;
}

/** Everything the UI shows next to a pattern or a proposal about trust. */
export function explainTrust(
  baseRisk: RiskLevel,
  trustScore: number,
  thresholds: TrustThresholds = DEFAULT_TRUST_THRESHOLDS,
): TrustExplanation {
  const effective = effectiveRisk(baseRisk, trustScore, thresholds);
  const required = requirementFor(effective);
  const needs = describeRequirement(required);
  let nextThreshold: number | null = null;
  let description: string;

  if (baseRisk === 'LOW') {
    description = `LOW: ${needs}`;
  } else if (baseRisk === 'CRITICAL') {
    description = `CRITICAL: ${needs}; trust never lowers it`;
  } else {
    const threshold = baseRisk === 'HIGH' ? thresholds.high : thresholds.medium;
    if (effective === baseRisk) {
      nextThreshold = threshold;
      const after = describeRequirement(
        requirementFor(effectiveRisk(baseRisk, threshold, thresholds)),
      );
      description = `${baseRisk}, trust ${trustScore}: ${needs}; ${after} from trust ${threshold}`;
    } else {
      description = `${baseRisk}, trust ${trustScore} (≥ ${threshold}): ${needs}`;
    }
  }

  return {
    baseRisk,
    effectiveRisk: effective,
    trustScore,
    required,
    nextThreshold,
    description,
  };
}

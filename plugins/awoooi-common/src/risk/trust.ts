import { describeRequirement, requirementFor } from './matrix';
import type { PatternTrust, VerificationOutcome } from '../types';
import type { RiskLevel, SignatureRequirement, TrustThresholds } from './types';

/** Trust thresholds: HIGH sheds a signature at 10, MEDIUM runs by itself at 5. */
export const DEFAULT_TRUST_THRESHOLDS: Readonly<TrustThresholds> =
  Object.freeze({ high: 10, medium: 5 });

export type TrustDecision = 'approve' | 'reject';

/** What teaches a pattern: a person's decision, or how its executed fix turned out. */
export type TrustEvent = TrustDecision | VerificationOutcome;

/**
 * The score of a pattern after an event: an approval adds one; a rejection,
 * and a fix that did nothing or made things worse, wipe it at once (trust is
 * slow to earn and lost in one go). A verified fix keeps the score it earned
 * through its approvals.
 */
export function nextTrustScore(score: number, event: TrustEvent): number {
  const current = Number.isFinite(score) ? Math.max(0, Math.floor(score)) : 0;
  if (event === 'approve') return current + 1;
  if (event === 'VERIFIED') return current;
  return 0;
}

/**
 * A pattern's whole trust after an event. A regression of a fix that ran
 * without a signature stops automatic runs of the pattern until a person
 * approves one again.
 */
export function nextPatternTrust(
  trust: PatternTrust,
  event: TrustEvent,
  ranAutomatically = false,
): PatternTrust {
  const outcome = event === 'approve' || event === 'reject' ? null : event;
  let autoSuspended = trust.autoSuspended;
  if (event === 'approve') autoSuspended = false;
  if (event === 'REGRESSED' && ranAutomatically) autoSuspended = true;
  return {
    score: nextTrustScore(trust.score, event),
    lastOutcome: outcome ?? trust.lastOutcome,
    autoSuspended,
  };
}

/** A pattern nobody has taught yet. */
export const UNTRUSTED: Readonly<PatternTrust> = Object.freeze({
  score: 0,
  lastOutcome: null,
  autoSuspended: false,
});

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

/**
 * The risk a proposal of a pattern runs at: its trust-lowered risk, except
 * that a pattern whose automatic run regressed needs one signature (MEDIUM)
 * instead of running by itself, until a person approves it again.
 */
export function patternRisk(
  risk: RiskLevel,
  trust: PatternTrust,
  thresholds: TrustThresholds = DEFAULT_TRUST_THRESHOLDS,
): RiskLevel {
  const effective = effectiveRisk(risk, trust.score, thresholds);
  return effective === 'LOW' && trust.autoSuspended ? 'MEDIUM' : effective;
}

/**
 * One line on what a pattern's score stands on, e.g.
 * "trust 4/5: 4 approvals, last outcome VERIFIED".
 */
export function describePatternTrust(
  baseRisk: RiskLevel,
  trust: PatternTrust,
  thresholds: TrustThresholds = DEFAULT_TRUST_THRESHOLDS,
): string {
  const thresholdOf: Partial<Record<RiskLevel, number>> = {
    HIGH: thresholds.high,
    MEDIUM: thresholds.medium,
  };
  const threshold = thresholdOf[baseRisk];
  const score =
    threshold === undefined ? `${trust.score}` : `${trust.score}/${threshold}`;
  const approvals = `${trust.score} approval${trust.score === 1 ? '' : 's'}`;
  const outcome = `last outcome ${trust.lastOutcome ?? 'none yet'}`;
  const suspended = trust.autoSuspended
    ? '; automatic runs stopped after a regression until a person approves'
    : '';
  return `trust ${score}: ${approvals}, ${outcome}${suspended}`;
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

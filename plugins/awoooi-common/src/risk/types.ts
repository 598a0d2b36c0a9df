/** How dangerous an action is; decides how many signatures it needs (LOW none, MEDIUM one, HIGH two, CRITICAL the CTO and the CISO). */
export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** Roles that may sign proposals, mapped to catalog groups/users by `awoooi.roles`. */
export type ApproverRole = 'admin' | 'devops' | 'sre' | 'cto' | 'ciso';

export const APPROVER_ROLES: readonly ApproverRole[] = [
  'admin',
  'devops',
  'sre',
  'cto',
  'ciso',
];

/** Risk levels, least dangerous first. */
export const RISK_LEVELS: readonly RiskLevel[] = [
  'LOW',
  'MEDIUM',
  'HIGH',
  'CRITICAL',
];

/** The higher of two risk levels. */
export function maxRiskLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b;
}

/** What a proposal needs before it may run. */
export interface SignatureRequirement {
  /** Distinct people who must approve. 0 means it runs automatically. */
  count: number;
  /** Roles of which any may sign. */
  roles: ApproverRole[];
  /** Roles that must each be among the signers (CRITICAL: cto and ciso). */
  mandatoryRoles: ApproverRole[];
}

/** Trust scores at which a pattern sheds one signature. */
export interface TrustThresholds {
  /** A HIGH pattern needs 1 signature from this score on (default 10). */
  high: number;
  /** A MEDIUM pattern needs 0 signatures from this score on (default 5). */
  medium: number;
}

import type { Signature } from '../types';
import { APPROVER_ROLES } from './types';
import type { ApproverRole, SignatureRequirement } from './types';
import { formatRoleChoice } from './matrix';

/** Who wants to sign, as the backend resolved them from Backstage identity. */
export interface Signer {
  userRef: string;
  roles: readonly ApproverRole[];
}

export type SignatureEvaluation =
  | { allowed: true; role: ApproverRole }
  | { allowed: false; reason: string };

export interface SignatureAttempt {
  requirement: SignatureRequirement;
  /** Entity ref of whoever proposed it (a user, or the pipeline's service). */
  proposedBy: string;
  /** Signatures already recorded on the proposal. */
  signatures: readonly Pick<Signature, 'userRef' | 'role' | 'decision'>[];
  signer: Signer;
  decision: Signature['decision'];
}

/** Where a proposal stands against its requirement. */
export interface SignatureProgress {
  /** Distinct people whose approval counts (one each, allowed role, first signature). */
  approvers: string[];
  /** Roles recorded by those approvals. */
  coveredRoles: ApproverRole[];
  /** Mandatory roles nobody has approved with yet. */
  missingRoles: ApproverRole[];
  /** Approvals still needed, never below the number of missing mandatory roles. */
  remaining: number;
  /** People with an allowed role who rejected; one is enough to stop it. */
  rejectedBy: string[];
  satisfied: boolean;
}

// Entity refs compare case-insensitively in Backstage.
const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Counts signatures the way every approval path must: one per person (the
 * first one counts), only roles the requirement allows, and mandatory roles
 * covered by distinct people — someone holding both CTO and CISO is still one
 * person and covers one role.
 */
export function signatureProgress(
  requirement: SignatureRequirement,
  signatures: SignatureAttempt['signatures'],
): SignatureProgress {
  const seen: string[] = [];
  const approvers: string[] = [];
  const coveredRoles: ApproverRole[] = [];
  const rejectedBy: string[] = [];
  for (const signature of signatures) {
    if (seen.some(ref => sameRef(ref, signature.userRef))) continue;
    seen.push(signature.userRef);
    if (!requirement.roles.includes(signature.role)) continue;
    if (signature.decision === 'reject') {
      rejectedBy.push(signature.userRef);
    } else {
      approvers.push(signature.userRef);
      coveredRoles.push(signature.role);
    }
  }
  const missingRoles = requirement.mandatoryRoles.filter(
    role => !coveredRoles.includes(role),
  );
  const remaining = Math.max(
    requirement.count - approvers.length,
    missingRoles.length,
  );
  return {
    approvers,
    coveredRoles,
    missingRoles,
    remaining,
    rejectedBy,
    satisfied: remaining === 0 && rejectedBy.length === 0,
  };
}

/**
 * True only when enough distinct people with allowed roles approved, every
 * mandatory role is among them, and nobody entitled to sign rejected.
 */
export function isSatisfied(
  requirement: SignatureRequirement,
  signatures: SignatureAttempt['signatures'],
): boolean {
  return signatureProgress(requirement, signatures).satisfied;
}

function byRoleOrder(a: ApproverRole, b: ApproverRole): number {
  return APPROVER_ROLES.indexOf(a) - APPROVER_ROLES.indexOf(b);
}

/**
 * May this person sign (approve or reject) now, and under which of their roles?
 * The reasons are short and shown as they are next to a disabled button.
 *
 * - Nothing to sign when the requirement needs no signature.
 * - The proposer never signs their own proposal; each person signs once.
 * - The signer must hold a role the requirement allows ("not an approver" when
 *   they hold no approver role at all).
 * - An approval must bring what is still missing: while mandatory roles are
 *   uncovered and no other slot is left, only those roles may approve ("needs
 *   CISO" once the CTO has signed). The recorded role is a still-missing
 *   mandatory role when the signer has one, so a CTO+CISO holder fills a gap.
 * - A rejection is a veto: any allowed role may reject until the proposal is
 *   decided.
 */
export function evaluateSignature(
  attempt: SignatureAttempt,
): SignatureEvaluation {
  const { requirement, proposedBy, signatures, signer, decision } = attempt;
  if (requirement.count <= 0) {
    return { allowed: false, reason: 'no signature needed' };
  }
  if (sameRef(signer.userRef, proposedBy)) {
    return { allowed: false, reason: 'you proposed this' };
  }
  if (signatures.some(s => sameRef(s.userRef, signer.userRef))) {
    return { allowed: false, reason: 'already signed' };
  }

  const progress = signatureProgress(requirement, signatures);
  const allowedRoles = signer.roles
    .filter(role => requirement.roles.includes(role))
    .sort(byRoleOrder);
  const missing = allowedRoles.filter(role =>
    progress.missingRoles.includes(role),
  );

  if (allowedRoles.length === 0) {
    if (signer.roles.length === 0) {
      return { allowed: false, reason: 'not an approver' };
    }
    const wanted =
      progress.missingRoles.length > 0
        ? progress.missingRoles
        : requirement.roles;
    return { allowed: false, reason: `needs ${formatRoleChoice(wanted)}` };
  }
  if (progress.rejectedBy.length > 0) {
    return { allowed: false, reason: 'already rejected' };
  }
  if (progress.satisfied) {
    return { allowed: false, reason: 'already approved' };
  }

  if (decision === 'reject') {
    return { allowed: true, role: missing[0] ?? allowedRoles[0] };
  }

  const freeSlots = progress.remaining - progress.missingRoles.length;
  if (missing.length > 0) return { allowed: true, role: missing[0] };
  if (freeSlots > 0) return { allowed: true, role: allowedRoles[0] };
  return {
    allowed: false,
    reason: `needs ${formatRoleChoice(progress.missingRoles)}`,
  };
}

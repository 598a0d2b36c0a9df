import type { ApproverRole, RiskLevel, SignatureRequirement } from './types';

const OPERATORS: readonly ApproverRole[] = ['admin', 'devops', 'sre'];
const EXECUTIVES: readonly ApproverRole[] = ['cto', 'ciso'];

function freeze(requirement: SignatureRequirement): SignatureRequirement {
  Object.freeze(requirement.roles);
  Object.freeze(requirement.mandatoryRoles);
  return Object.freeze(requirement);
}

/**
 * The risk matrix as data (LOW runs alone, MEDIUM needs one signature, HIGH two distinct people, CRITICAL the CTO and the CISO): what each risk level needs before an
 * action may run, with no trust applied. Frozen; use {@link requirementFor} for a
 * copy you may change.
 *
 * | risk     | signatures        | who may sign                   |
 * |----------|-------------------|--------------------------------|
 * | LOW      | 0 (auto-execute)  | —                              |
 * | MEDIUM   | 1                 | admin, devops, sre             |
 * | HIGH     | 2 distinct people | admin, devops, sre             |
 * | CRITICAL | 2                 | CTO and CISO, both mandatory   |
 */
export const RISK_MATRIX: Readonly<Record<RiskLevel, SignatureRequirement>> =
  Object.freeze({
    LOW: freeze({ count: 0, roles: [], mandatoryRoles: [] }),
    MEDIUM: freeze({ count: 1, roles: [...OPERATORS], mandatoryRoles: [] }),
    HIGH: freeze({ count: 2, roles: [...OPERATORS], mandatoryRoles: [] }),
    CRITICAL: freeze({
      count: 2,
      roles: [...EXECUTIVES],
      mandatoryRoles: [...EXECUTIVES],
    }),
  });

/** A mutable copy of the matrix row for a risk level (no trust applied). */
export function requirementFor(risk: RiskLevel): SignatureRequirement {
  const row = RISK_MATRIX[risk];
  if (!row) {
    throw new TypeError(`unknown risk level '${String(risk)}'`);
  }
  return {
    count: row.count,
    roles: [...row.roles],
    mandatoryRoles: [...row.mandatoryRoles],
  };
}

/** How a role is written in messages: executive roles in capitals (CTO, CISO). */
export function roleLabel(role: ApproverRole): string {
  return EXECUTIVES.includes(role) ? role.toLocaleUpperCase('en-US') : role;
}

/** "CTO", "CTO or CISO", "one of admin, devops, sre". */
export function formatRoleChoice(roles: readonly ApproverRole[]): string {
  const labels = roles.map(roleLabel);
  if (labels.length <= 1) return labels.join('');
  if (labels.length === 2) return `${labels[0]} or ${labels[1]}`;
  return `one of ${labels.join(', ')}`;
}

/** One line for people: "runs automatically", "needs CTO and CISO", … */
export function describeRequirement(requirement: SignatureRequirement): string {
  const { count, roles, mandatoryRoles } = requirement;
  if (count <= 0) return 'runs automatically';
  const mandatory = mandatoryRoles.map(roleLabel);
  if (mandatory.length > 0 && mandatory.length >= count) {
    return `needs ${mandatory.join(' and ')}`;
  }
  const who = roles.map(roleLabel).join(', ');
  const base =
    count === 1
      ? `needs 1 signature of ${who}`
      : `needs ${count} signatures from distinct people of ${who}`;
  return mandatory.length > 0
    ? `${base}, including ${mandatory.join(' and ')}`
    : base;
}

import {
  evaluateSignature,
  type AwoooiMe,
  type Proposal,
  type Signature,
} from '@awoooi/plugin-awoooi-common';

export type SigningCheck =
  | { allowed: true }
  | { allowed: false; reason: string };

/**
 * Whether `me` may approve or reject `proposal` now. The rules are the shared
 * ones the backend enforces; only the state check is added here, because a
 * proposal that is no longer PENDING takes no signature at all.
 */
export function checkSigning(
  proposal: Proposal,
  me: AwoooiMe | undefined,
  decision: Signature['decision'],
): SigningCheck {
  if (!me) {
    return { allowed: false, reason: 'your approver roles are not known yet' };
  }
  if (proposal.state !== 'PENDING') {
    return {
      allowed: false,
      reason: `proposal is ${proposal.state.toLocaleLowerCase('en-US')}`,
    };
  }
  const result = evaluateSignature({
    requirement: proposal.required,
    proposedBy: proposal.proposedBy,
    signatures: proposal.signatures,
    signer: { userRef: me.userEntityRef, roles: me.roles },
    decision,
  });
  return result.allowed ? { allowed: true } : result;
}

/** PENDING proposals `me` could approve right now. */
export function awaitingMe(proposals: Proposal[], me: AwoooiMe): Proposal[] {
  return proposals.filter(p => checkSigning(p, me, 'approve').allowed);
}

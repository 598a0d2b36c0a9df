import type { Signature } from '../types';
import {
  SignatureAttempt,
  evaluateSignature,
  isSatisfied,
  signatureProgress,
} from './approvalRules';
import { RISK_MATRIX, requirementFor } from './matrix';
import { requiredSignatures } from './trust';
import type { ApproverRole } from './types';

const PROPOSER = 'user:default/pat';

function sig(
  userRef: string,
  role: ApproverRole,
  decision: Signature['decision'] = 'approve',
): Signature {
  return { userRef, role, decision, comment: '', at: '2026-11-25T10:00:00Z' };
}

function attempt(
  risk: keyof typeof RISK_MATRIX,
  signer: { userRef: string; roles: ApproverRole[] },
  signatures: Signature[] = [],
  decision: Signature['decision'] = 'approve',
): SignatureAttempt {
  return {
    requirement: requirementFor(risk),
    proposedBy: PROPOSER,
    signatures,
    signer,
    decision,
  };
}

describe('evaluateSignature', () => {
  it('has nothing to sign when no signature is needed', () => {
    expect(
      evaluateSignature(
        attempt('LOW', { userRef: 'user:default/a', roles: ['admin'] }),
      ),
    ).toEqual({ allowed: false, reason: 'no signature needed' });
    expect(
      evaluateSignature({
        ...attempt('MEDIUM', { userRef: 'user:default/a', roles: ['admin'] }),
        requirement: requiredSignatures('MEDIUM', 5),
      }),
    ).toEqual({ allowed: false, reason: 'no signature needed' });
  });

  it('refuses the proposer, for approvals and rejections, in any letter case', () => {
    for (const decision of ['approve', 'reject'] as const) {
      expect(
        evaluateSignature(
          attempt(
            'MEDIUM',
            { userRef: 'User:Default/Pat', roles: ['sre'] },
            [],
            decision,
          ),
        ),
      ).toEqual({ allowed: false, reason: 'you proposed this' });
    }
  });

  it('lets each person sign once', () => {
    const signed = [sig('user:default/ana', 'sre')];
    expect(
      evaluateSignature(
        attempt(
          'HIGH',
          { userRef: 'user:default/ana', roles: ['sre'] },
          signed,
        ),
      ),
    ).toEqual({ allowed: false, reason: 'already signed' });
    expect(
      evaluateSignature(
        attempt(
          'HIGH',
          { userRef: 'user:default/ANA', roles: ['sre'] },
          signed,
          'reject',
        ),
      ),
    ).toEqual({ allowed: false, reason: 'already signed' });
  });

  it('says "not an approver" to someone with no approver role', () => {
    expect(
      evaluateSignature(
        attempt('HIGH', { userRef: 'user:default/dev', roles: [] }),
      ),
    ).toEqual({ allowed: false, reason: 'not an approver' });
  });

  it('names the operator roles when an executive signs a MEDIUM or HIGH action', () => {
    for (const risk of ['MEDIUM', 'HIGH'] as const) {
      expect(
        evaluateSignature(
          attempt(risk, { userRef: 'user:default/cto', roles: ['cto'] }),
        ),
      ).toEqual({ allowed: false, reason: 'needs one of admin, devops, sre' });
    }
  });

  it('records an allowed role in a fixed order', () => {
    expect(
      evaluateSignature(
        attempt('MEDIUM', {
          userRef: 'user:default/o',
          roles: ['sre', 'devops', 'cto'],
        }),
      ),
    ).toEqual({ allowed: true, role: 'devops' });
  });

  it('lets two distinct operators sign a HIGH action', () => {
    const first = evaluateSignature(
      attempt('HIGH', { userRef: 'user:default/ana', roles: ['admin'] }),
    );
    expect(first).toEqual({ allowed: true, role: 'admin' });
    const second = evaluateSignature(
      attempt('HIGH', { userRef: 'user:default/bo', roles: ['sre'] }, [
        sig('user:default/ana', 'admin'),
      ]),
    );
    expect(second).toEqual({ allowed: true, role: 'sre' });
  });

  describe('CRITICAL', () => {
    it('turns away operators with the missing executive roles', () => {
      expect(
        evaluateSignature(
          attempt('CRITICAL', {
            userRef: 'user:default/ana',
            roles: ['admin'],
          }),
        ),
      ).toEqual({ allowed: false, reason: 'needs CTO or CISO' });
      expect(
        evaluateSignature(
          attempt(
            'CRITICAL',
            { userRef: 'user:default/ana', roles: ['admin'] },
            [sig('user:default/cto', 'cto')],
          ),
        ),
      ).toEqual({ allowed: false, reason: 'needs CISO' });
      expect(
        evaluateSignature(
          attempt('CRITICAL', { userRef: 'user:default/ana', roles: ['sre'] }, [
            sig('user:default/ciso', 'ciso'),
          ]),
        ),
      ).toEqual({ allowed: false, reason: 'needs CTO' });
    });

    it('refuses a second CTO once a CTO has signed', () => {
      expect(
        evaluateSignature(
          attempt(
            'CRITICAL',
            { userRef: 'user:default/cto2', roles: ['cto'] },
            [sig('user:default/cto', 'cto')],
          ),
        ),
      ).toEqual({ allowed: false, reason: 'needs CISO' });
    });

    it('records the still-missing role for someone holding both', () => {
      const both = {
        userRef: 'user:default/boss',
        roles: ['cto', 'ciso'] as ApproverRole[],
      };
      expect(evaluateSignature(attempt('CRITICAL', both))).toEqual({
        allowed: true,
        role: 'cto',
      });
      expect(
        evaluateSignature(
          attempt('CRITICAL', both, [sig('user:default/cto', 'cto')]),
        ),
      ).toEqual({ allowed: true, role: 'ciso' });
      expect(
        evaluateSignature(
          attempt('CRITICAL', both, [sig('user:default/ciso', 'ciso')]),
        ),
      ).toEqual({ allowed: true, role: 'cto' });
    });

    it('lets an executive veto even after their role has approved', () => {
      expect(
        evaluateSignature(
          attempt(
            'CRITICAL',
            { userRef: 'user:default/cto2', roles: ['cto'] },
            [sig('user:default/cto', 'cto')],
            'reject',
          ),
        ),
      ).toEqual({ allowed: true, role: 'cto' });
      expect(
        evaluateSignature(
          attempt(
            'CRITICAL',
            { userRef: 'user:default/ana', roles: ['admin'] },
            [],
            'reject',
          ),
        ),
      ).toEqual({ allowed: false, reason: 'needs CTO or CISO' });
    });
  });

  it('stops once the proposal is decided', () => {
    expect(
      evaluateSignature(
        attempt('MEDIUM', { userRef: 'user:default/bo', roles: ['sre'] }, [
          sig('user:default/ana', 'admin', 'reject'),
        ]),
      ),
    ).toEqual({ allowed: false, reason: 'already rejected' });
    expect(
      evaluateSignature(
        attempt('MEDIUM', { userRef: 'user:default/bo', roles: ['sre'] }, [
          sig('user:default/ana', 'admin'),
        ]),
      ),
    ).toEqual({ allowed: false, reason: 'already approved' });
  });

  it('fills free slots with any allowed role while a mandatory role is open', () => {
    const requirement = {
      count: 3,
      roles: ['admin', 'sre', 'cto'] as ApproverRole[],
      mandatoryRoles: ['cto'] as ApproverRole[],
    };
    const base = {
      requirement,
      proposedBy: PROPOSER,
      decision: 'approve' as const,
    };
    expect(
      evaluateSignature({
        ...base,
        signatures: [],
        signer: { userRef: 'user:default/a', roles: ['admin'] },
      }),
    ).toEqual({ allowed: true, role: 'admin' });
    expect(
      evaluateSignature({
        ...base,
        signatures: [
          sig('user:default/a', 'admin'),
          sig('user:default/b', 'sre'),
        ],
        signer: { userRef: 'user:default/c', roles: ['admin'] },
      }),
    ).toEqual({ allowed: false, reason: 'needs CTO' });
  });
});

describe('isSatisfied', () => {
  it('needs the count of approvals with allowed roles', () => {
    expect(isSatisfied(RISK_MATRIX.MEDIUM, [])).toBe(false);
    expect(
      isSatisfied(RISK_MATRIX.MEDIUM, [sig('user:default/a', 'sre')]),
    ).toBe(true);
    expect(
      isSatisfied(RISK_MATRIX.MEDIUM, [sig('user:default/a', 'cto')]),
    ).toBe(false);
    expect(isSatisfied(RISK_MATRIX.LOW, [])).toBe(true);
  });

  it('counts distinct people for HIGH', () => {
    expect(
      isSatisfied(RISK_MATRIX.HIGH, [
        sig('user:default/a', 'sre'),
        sig('user:default/A', 'admin'),
      ]),
    ).toBe(false);
    expect(
      isSatisfied(RISK_MATRIX.HIGH, [
        sig('user:default/a', 'sre'),
        sig('user:default/b', 'admin'),
      ]),
    ).toBe(true);
  });

  it('needs both CTO and CISO for CRITICAL whatever else signed', () => {
    expect(
      isSatisfied(RISK_MATRIX.CRITICAL, [
        sig('user:default/a', 'admin'),
        sig('user:default/b', 'sre'),
        sig('user:default/c', 'cto'),
      ]),
    ).toBe(false);
    expect(
      isSatisfied(RISK_MATRIX.CRITICAL, [
        sig('user:default/c', 'cto'),
        sig('user:default/d', 'cto'),
      ]),
    ).toBe(false);
    expect(
      isSatisfied(RISK_MATRIX.CRITICAL, [
        sig('user:default/c', 'cto'),
        sig('user:default/d', 'ciso'),
      ]),
    ).toBe(true);
  });

  it('counts one person holding CTO and CISO once', () => {
    const boss = 'user:default/boss';
    expect(
      isSatisfied(RISK_MATRIX.CRITICAL, [sig(boss, 'cto'), sig(boss, 'ciso')]),
    ).toBe(false);
    const progress = signatureProgress(RISK_MATRIX.CRITICAL, [
      sig(boss, 'cto'),
      sig(boss, 'ciso'),
    ]);
    expect(progress).toEqual({
      approvers: [boss],
      coveredRoles: ['cto'],
      missingRoles: ['ciso'],
      remaining: 1,
      rejectedBy: [],
      satisfied: false,
    });
  });

  it('is never satisfied after an entitled rejection', () => {
    expect(
      isSatisfied(RISK_MATRIX.HIGH, [
        sig('user:default/a', 'sre'),
        sig('user:default/b', 'admin'),
        sig('user:default/c', 'devops', 'reject'),
      ]),
    ).toBe(false);
    // A rejection from a role that may not sign does not count either way.
    expect(
      isSatisfied(RISK_MATRIX.MEDIUM, [
        sig('user:default/x', 'ciso', 'reject'),
        sig('user:default/a', 'sre'),
      ]),
    ).toBe(true);
  });

  it('uses the trust-adjusted requirement', () => {
    const trusted = requiredSignatures('HIGH', 10);
    expect(isSatisfied(trusted, [sig('user:default/a', 'sre')])).toBe(true);
    expect(
      isSatisfied(requiredSignatures('HIGH', 9), [
        sig('user:default/a', 'sre'),
      ]),
    ).toBe(false);
  });
});

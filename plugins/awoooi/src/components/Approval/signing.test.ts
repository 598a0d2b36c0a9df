import { makeProposal, SRE } from '../../__testUtils__/fixtures';
import { awaitingMe, checkSigning } from './signing';

describe('checkSigning', () => {
  it('allows an SRE on a pending HIGH proposal', () => {
    expect(checkSigning(makeProposal(), SRE, 'approve')).toEqual({
      allowed: true,
    });
  });

  it('refuses any signature once the proposal left PENDING', () => {
    expect(
      checkSigning(makeProposal({ state: 'EXECUTED' }), SRE, 'reject'),
    ).toEqual({
      allowed: false,
      reason: 'proposal is executed',
    });
  });

  it('refuses while the roles are unknown', () => {
    expect(checkSigning(makeProposal(), undefined, 'approve').allowed).toBe(
      false,
    );
  });

  it('gives the shared rule reasons', () => {
    const mine = makeProposal({ proposedBy: SRE.userEntityRef });
    expect(checkSigning(mine, SRE, 'approve')).toEqual({
      allowed: false,
      reason: 'you proposed this',
    });
  });
});

describe('awaitingMe', () => {
  it('keeps only the proposals this user could approve now', () => {
    const open = makeProposal({ id: 'open' });
    const signed = makeProposal({
      id: 'signed',
      signatures: [
        {
          userRef: SRE.userEntityRef,
          role: 'sre',
          decision: 'approve',
          comment: '',
          at: '2026-11-25T11:00:00Z',
        },
      ],
    });
    const critical = makeProposal({
      id: 'critical',
      risk: 'CRITICAL',
      required: {
        count: 2,
        roles: ['cto', 'ciso'],
        mandatoryRoles: ['cto', 'ciso'],
      },
    });
    expect(awaitingMe([open, signed, critical], SRE).map(p => p.id)).toEqual([
      'open',
    ]);
  });
});

import {
  RISK_MATRIX,
  describeRequirement,
  formatRoleChoice,
  requirementFor,
  roleLabel,
} from './matrix';

describe('RISK_MATRIX', () => {
  it('holds the risk matrix row by row', () => {
    expect(RISK_MATRIX.LOW).toEqual({
      count: 0,
      roles: [],
      mandatoryRoles: [],
    });
    expect(RISK_MATRIX.MEDIUM).toEqual({
      count: 1,
      roles: ['admin', 'devops', 'sre'],
      mandatoryRoles: [],
    });
    expect(RISK_MATRIX.HIGH).toEqual({
      count: 2,
      roles: ['admin', 'devops', 'sre'],
      mandatoryRoles: [],
    });
    expect(RISK_MATRIX.CRITICAL).toEqual({
      count: 2,
      roles: ['cto', 'ciso'],
      mandatoryRoles: ['cto', 'ciso'],
    });
  });

  it('cannot be changed through the shared object', () => {
    expect(() => {
      (RISK_MATRIX.HIGH as { count: number }).count = 0;
    }).toThrow(TypeError);
    expect(() => (RISK_MATRIX.MEDIUM.roles as string[]).push('cto')).toThrow(
      TypeError,
    );
    expect(RISK_MATRIX.HIGH.count).toBe(2);
  });

  it('hands out copies that do not alias the matrix', () => {
    const copy = requirementFor('CRITICAL');
    copy.roles.push('admin');
    copy.mandatoryRoles.pop();
    expect(RISK_MATRIX.CRITICAL.roles).toEqual(['cto', 'ciso']);
    expect(RISK_MATRIX.CRITICAL.mandatoryRoles).toEqual(['cto', 'ciso']);
  });

  it('refuses an unknown risk level', () => {
    expect(() => requirementFor('SEVERE' as any)).toThrow(
      "unknown risk level 'SEVERE'",
    );
  });
});

describe('labels', () => {
  it('writes executive roles in capitals and others as they are', () => {
    expect(roleLabel('cto')).toBe('CTO');
    expect(roleLabel('ciso')).toBe('CISO');
    expect(roleLabel('sre')).toBe('sre');
  });

  it('formats a choice of one, two or more roles', () => {
    expect(formatRoleChoice(['ciso'])).toBe('CISO');
    expect(formatRoleChoice(['cto', 'ciso'])).toBe('CTO or CISO');
    expect(formatRoleChoice(['admin', 'devops', 'sre'])).toBe(
      'one of admin, devops, sre',
    );
  });

  it('describes each matrix row', () => {
    expect(describeRequirement(RISK_MATRIX.LOW)).toBe('runs automatically');
    expect(describeRequirement(RISK_MATRIX.MEDIUM)).toBe(
      'needs 1 signature of admin, devops, sre',
    );
    expect(describeRequirement(RISK_MATRIX.HIGH)).toBe(
      'needs 2 signatures from distinct people of admin, devops, sre',
    );
    expect(describeRequirement(RISK_MATRIX.CRITICAL)).toBe(
      'needs CTO and CISO',
    );
  });

  it('mentions mandatory roles when other slots remain', () => {
    expect(
      describeRequirement({
        count: 3,
        roles: ['admin', 'cto', 'ciso'],
        mandatoryRoles: ['cto'],
      }),
    ).toBe(
      'needs 3 signatures from distinct people of admin, CTO, CISO, including CTO',
    );
  });
});

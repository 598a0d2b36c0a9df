import {
  formatLabelSelector,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };

  it.each([
    ['app=web', true],
    ['app==web,tier=front', true],
    ['app=web,tier=back', false],
    ['app!=db', true],
    ['env in (prod,staging)', true],
    ['env notin (prod)', false],
    ['tier', true],
    ['!missing', true],
    ['!tier', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects a selector it cannot parse', () => {
    expect(() => parseLabelSelector('a=(b')).toThrow(/unable to parse/);
  });

  it('evaluates and formats selector objects', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In' as const, values: ['prod'] },
      ],
    };
    expect(matchesLabelSelector(selector, labels)).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web' })).toBe(false);
    expect(formatLabelSelector(selector)).toBe('app=web,env in (prod)');
    expect(parseLabelSelector(formatLabelSelector(selector))(labels)).toBe(
      true,
    );
  });
});

describe('field selectors', () => {
  it('matches dotted paths with = and !=', () => {
    const pod = {
      metadata: { name: 'p' },
      spec: { nodeName: 'n1' },
      status: { phase: 'Running' },
    };
    expect(parseFieldSelector('spec.nodeName=n1')(pod)).toBe(true);
    expect(
      parseFieldSelector('spec.nodeName=n1,status.phase!=Running')(pod),
    ).toBe(false);
    expect(parseFieldSelector('metadata.namespace=')(pod)).toBe(true);
  });
});

import {
  collapseGeneratedName,
  comparePatternSpecificity,
  globMatch,
  matchPattern,
  parsePattern,
  patternFor,
  patternMatches,
  resolvePattern,
} from './patterns';

describe('globMatch', () => {
  it.each([
    ['nginx-*', 'nginx-7f9c', true],
    ['nginx-*', 'nginx-', true],
    ['nginx-*', 'nginx', false],
    ['*', '', true],
    ['*-canary', 'shop-canary', true],
    ['*-canary', 'shop-canary-2', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXcYYb', false],
    ['exact', 'exact', true],
    ['exact', 'Exact', false],
    ['', '', true],
    ['', 'x', false],
  ])('%s against %s → %s', (glob, text, expected) => {
    expect(globMatch(glob, text)).toBe(expected);
  });

  it('stays fast on globs that make a regular expression backtrack', () => {
    // A backtracking matcher needs ~5000^8 steps here (it never finishes); the
    // two-pointer one a few million. The bound only separates those two.
    const started = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('parsePattern and patternMatches', () => {
  it('splits at the first colon and reads a bare action as any target', () => {
    expect(parsePattern('restart_pod:pod/shop/nginx-*')).toEqual({
      action: 'restart_pod',
      target: 'pod/shop/nginx-*',
    });
    expect(parsePattern('exec:host:22')).toEqual({
      action: 'exec',
      target: 'host:22',
    });
    expect(parsePattern('delete_pvc')).toEqual({
      action: 'delete_pvc',
      target: '*',
    });
  });

  it('matches action and target separately', () => {
    expect(patternMatches('delete_pvc:*', 'delete_pvc', 'pvc/data/x')).toBe(
      true,
    );
    expect(patternMatches('delete_pvc:*', 'delete_pvc_now', 'x')).toBe(false);
    // A wildcard in the action never reaches across into the target.
    expect(patternMatches('restart*', 'restart_pod', 'x')).toBe(true);
    expect(patternMatches('restart*:y', 'restart_pod', 'x')).toBe(false);
  });
});

describe('matchPattern', () => {
  const patterns = [
    '*:*',
    'restart_pod:*',
    'restart_pod:pod/shop/nginx-*',
    'restart_pod:pod/shop/nginx-canary',
    'delete_pvc:*',
  ];

  it('picks an exact pattern over every glob', () => {
    expect(matchPattern(patterns, 'restart_pod', 'pod/shop/nginx-canary')).toBe(
      'restart_pod:pod/shop/nginx-canary',
    );
  });

  it('picks the longer literal prefix', () => {
    expect(matchPattern(patterns, 'restart_pod', 'pod/shop/nginx-7f')).toBe(
      'restart_pod:pod/shop/nginx-*',
    );
    expect(matchPattern(patterns, 'restart_pod', 'pod/data/redis-0')).toBe(
      'restart_pod:*',
    );
    expect(matchPattern(patterns, 'scale_deployment', 'x')).toBe('*:*');
  });

  it('returns undefined when nothing covers the action', () => {
    expect(matchPattern(['delete_pvc:*'], 'restart_pod', 'x')).toBeUndefined();
    expect(matchPattern([], 'restart_pod', 'x')).toBeUndefined();
  });

  it('does not depend on the order patterns are listed in', () => {
    const reversed = [...patterns].reverse();
    for (const target of ['pod/shop/nginx-1', 'pod/shop/nginx-canary', 'z']) {
      expect(matchPattern(reversed, 'restart_pod', target)).toBe(
        matchPattern(patterns, 'restart_pod', target),
      );
    }
  });

  it('breaks equal prefixes by literal count, then wildcard count, then text', () => {
    // Same prefix `r:` — more literal characters win.
    expect(matchPattern(['r:*-*', 'r:*-canary-*'], 'r', 'a-canary-1')).toBe(
      'r:*-canary-*',
    );
    // Same prefix and literals — fewer wildcards win.
    expect(comparePatternSpecificity('r:a*', 'r:a**')).toBeLessThan(0);
    // Fully tied — alphabetical, so the choice is stable.
    expect(matchPattern(['r:*b*', 'r:*a*'], 'r', 'ab')).toBe('r:*a*');
    expect(matchPattern(['r:*a*', 'r:*b*'], 'r', 'ba')).toBe('r:*a*');
    expect(comparePatternSpecificity('r:*a', 'r:*b')).toBeLessThan(0);
    expect(comparePatternSpecificity('r:*a', 'r:*a')).toBe(0);
  });

  it('ranks a bare action like the same action with `:*`', () => {
    // Equal once normalised, so the text breaks the tie…
    expect(
      comparePatternSpecificity('delete_pvc', 'delete_pvc:*'),
    ).toBeLessThan(0);
    expect(
      matchPattern(['delete_pvc', 'delete_pvc:pvc/*'], 'delete_pvc', 'pvc/a'),
    ).toBe('delete_pvc:pvc/*'); // …but a longer prefix still wins.
  });
});

describe('patternFor', () => {
  it('collapses the generated suffix of a Deployment pod', () => {
    expect(
      patternFor('restart_pod', 'pod/shop/order-api-7d9f8b6c5d-x7k2p'),
    ).toBe('restart_pod:pod/shop/order-api-*');
    expect(collapseGeneratedName('order-api-5b8c6d4f7-2xz9q')).toBe(
      'order-api-*',
    );
  });

  it('leaves names without a generated suffix alone', () => {
    expect(patternFor('scale_deployment', 'deployment/shop/order-api')).toBe(
      'scale_deployment:deployment/shop/order-api',
    );
    // StatefulSet ordinals mean something: redis-0 is not redis-1.
    expect(collapseGeneratedName('pod/data/redis-0')).toBe('pod/data/redis-0');
    // Right shape but no digit: could be words, so kept.
    expect(collapseGeneratedName('pod/shop/api-bcdfghj-klmnp')).toBe(
      'pod/shop/api-bcdfghj-klmnp',
    );
    // Vowels never occur in generated parts.
    expect(collapseGeneratedName('pod/shop/web-backend-proxy')).toBe(
      'pod/shop/web-backend-proxy',
    );
    // Only the last segment is looked at.
    expect(collapseGeneratedName('ns-7d9f8b6c5d-x7k2p/web')).toBe(
      'ns-7d9f8b6c5d-x7k2p/web',
    );
  });

  it('always yields a pattern that covers the action it came from', () => {
    const cases: Array<[string, string]> = [
      ['restart_pod', 'pod/shop/order-api-7d9f8b6c5d-x7k2p'],
      ['delete_pvc', 'pvc/data/search-index-data'],
      ['cordon_node', 'node/ip-10-0-3-17'],
    ];
    for (const [action, target] of cases) {
      expect(matchPattern([patternFor(action, target)], action, target)).toBe(
        patternFor(action, target),
      );
    }
  });

  it('prefers a configured pattern and derives one otherwise', () => {
    expect(resolvePattern(['delete_pvc:*'], 'delete_pvc', 'pvc/data/a')).toBe(
      'delete_pvc:*',
    );
    expect(
      resolvePattern(
        ['delete_pvc:*'],
        'restart_pod',
        'pod/shop/web-7d9f8b6c5d-x7k2p',
      ),
    ).toBe('restart_pod:pod/shop/web-*');
  });
});

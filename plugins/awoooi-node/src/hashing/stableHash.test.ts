import { sha256Hex, stableDigest, stableStringify } from './stableHash';

describe('stable hashing', () => {
  it('serialises equal content alike whatever its key order', () => {
    const a = { b: [1, { y: 2, x: 'é' }], a: null, skip: undefined };
    const b = { a: null, b: [1, { x: 'é', y: 2 }] };
    expect(stableStringify(a)).toBe('{"a":null,"b":[1,{"x":"é","y":2}]}');
    expect(stableStringify(b)).toBe(stableStringify(a));
    expect(stableDigest(a)).toBe(stableDigest(b));
    expect(stableDigest(a)).toHaveLength(32);
    expect(stableDigest({ a: 1 })).not.toBe(stableDigest({ a: 2 }));
  });

  it('hashes text with SHA-256', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

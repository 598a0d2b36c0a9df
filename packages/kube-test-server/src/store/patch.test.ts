import { applyJsonPatch, applyMergePatch } from './patch';

describe('applyMergePatch', () => {
  it('merges objects, replaces arrays and deletes on null', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], gone: true };
    expect(
      applyMergePatch(target, { a: { c: 3, d: 4 }, list: [9], gone: null }),
    ).toEqual({
      a: { b: 1, c: 3, d: 4 },
      list: [9],
    });
    expect(target.a.c).toBe(2);
  });
});

describe('applyJsonPatch', () => {
  const doc = {
    metadata: { annotations: { 'a/b': 'x' } },
    spec: { containers: [{ name: 'one' }] },
  };

  it('applies add, replace, remove, copy, move and test', () => {
    const result = applyJsonPatch(doc, [
      { op: 'test', path: '/metadata/annotations/a~1b', value: 'x' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'two' } },
      { op: 'replace', path: '/spec/containers/0/name', value: 'first' },
      { op: 'copy', from: '/spec/containers/1', path: '/spec/extra' },
      {
        op: 'move',
        from: '/metadata/annotations/a~1b',
        path: '/metadata/moved',
      },
      { op: 'remove', path: '/spec/containers/1' },
    ]);
    expect(result).toEqual({
      metadata: { annotations: {}, moved: 'x' },
      spec: { containers: [{ name: 'first' }], extra: { name: 'two' } },
    });
  });

  it('fails on a missing path, a failed test or a non-array body', () => {
    expect(() =>
      applyJsonPatch(doc, [{ op: 'remove', path: '/nope' }]),
    ).toThrow(/does not exist/);
    expect(() =>
      applyJsonPatch(doc, [{ op: 'add', path: '/missing/child', value: 1 }]),
    ).toThrow(/does not exist/);
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'test', path: '/spec/containers/0/name', value: 'x' },
      ]),
    ).toThrow(/test of/);
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(
      /array of operations/,
    );
  });
});

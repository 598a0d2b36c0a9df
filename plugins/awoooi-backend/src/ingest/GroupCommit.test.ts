import { GroupCommit } from './GroupCommit';

/** A batch runner that records its batches and finishes when told to. */
function recorder(fail?: (item: string) => boolean) {
  const batches: string[][] = [];
  const pending: Array<() => void> = [];
  const run = async (items: string[]) => {
    batches.push(items);
    await new Promise<void>(r => pending.push(r));
    if (fail && items.some(fail)) throw new Error(`bad batch ${items}`);
    return items.map(i => i.toUpperCase());
  };
  const finishNext = async () => {
    while (pending.length === 0) await new Promise(r => setImmediate(r));
    pending.shift()!();
  };
  return { batches, run, finishNext };
}

describe('GroupCommit', () => {
  it('runs a lone submission at once, and what arrives meanwhile as one batch', async () => {
    const r = recorder();
    const group = new GroupCommit(r.run, 100);
    const first = group.submit('a');
    const rest = [group.submit('b'), group.submit('c'), group.submit('d')];
    expect(r.batches).toEqual([['a']]);
    await r.finishNext();
    await expect(first).resolves.toBe('A');
    await r.finishNext();
    await expect(Promise.all(rest)).resolves.toEqual(['B', 'C', 'D']);
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('stops a batch growing past its size, though one large item still runs', async () => {
    const r = recorder();
    const group = new GroupCommit(r.run, 10);
    const all = [
      group.submit('a', 1),
      group.submit('b', 6),
      group.submit('c', 4),
      group.submit('d', 30),
      group.submit('e', 1),
    ];
    for (let i = 0; i < 4; i++) await r.finishNext();
    await expect(Promise.all(all)).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(r.batches).toEqual([['a'], ['b', 'c'], ['d'], ['e']]);
  });

  it('runs a failing batch again one item at a time: only the bad item fails', async () => {
    const r = recorder(item => item === 'bad');
    const group = new GroupCommit(r.run, 100);
    const settled = Promise.allSettled(
      ['a', 'b', 'bad', 'c'].map(item => group.submit(item)),
    );
    for (let i = 0; i < 5; i++) await r.finishNext();
    const [a, b, bad, c] = await settled;
    expect([a, b, c]).toEqual(
      ['A', 'B', 'C'].map(value => ({ status: 'fulfilled', value })),
    );
    expect(bad).toMatchObject({ status: 'rejected' });
    expect(String((bad as PromiseRejectedResult).reason)).toContain(
      'bad batch bad',
    );
    expect(r.batches).toEqual([
      ['a'],
      ['b', 'bad', 'c'],
      ['b'],
      ['bad'],
      ['c'],
    ]);
  });
});

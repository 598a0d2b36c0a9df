import type { TranscriptLine } from '@awoooi/plugin-awoooi-common';
import { hasGap, mergeLines } from './transcript';

const l = (seq: number, text = `line ${seq}`): TranscriptLine => ({
  seq,
  at: '2026-11-25T12:00:00Z',
  kind: 'token',
  text,
});

describe('transcript merging', () => {
  it('orders by seq and keeps one copy of each line, the later one', () => {
    expect(
      mergeLines([l(2), l(1)], [l(3), l(2, 'again')]).map(x => x.text),
    ).toEqual(['line 1', 'again', 'line 3']);
  });

  it('sees a gap only when a line skips ahead', () => {
    expect(hasGap([], l(1))).toBe(false);
    expect(hasGap([], l(2))).toBe(true);
    expect(hasGap([l(1), l(2)], l(3))).toBe(false);
    expect(hasGap([l(1), l(2)], l(5))).toBe(true);
    expect(hasGap([l(1), l(2)], l(2))).toBe(false);
  });
});

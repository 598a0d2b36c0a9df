import type { TranscriptLine } from '@awoooi/plugin-awoooi-common';

/** Merges lines by `seq` (later copies win) and keeps them in order. */
export function mergeLines(
  current: readonly TranscriptLine[],
  incoming: readonly TranscriptLine[],
): TranscriptLine[] {
  const bySeq = new Map<number, TranscriptLine>();
  for (const line of current) bySeq.set(line.seq, line);
  for (const line of incoming) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * True when `line` does not directly follow what we hold: some live lines were
 * missed (arrived before we subscribed, or were coalesced into one render), so
 * the stored transcript must be fetched again to fill the gap.
 */
export function hasGap(
  current: readonly TranscriptLine[],
  line: TranscriptLine,
): boolean {
  if (current.some(l => l.seq === line.seq)) return false;
  const last = current.length ? current[current.length - 1].seq : 0;
  return line.seq > last + 1;
}

/**
 * What a fake model server does with the next call: stream an answer in the
 * given fragments, fail with an HTTP status, or accept the request and never
 * answer (to exercise timeouts).
 */
export type FakeModelReply =
  | { type: 'stream'; chunks: string[]; delayMs?: number }
  | { type: 'error'; status: number; message?: string }
  | { type: 'hang' };

/** Cuts a text into `count` fragments of similar length, in order. */
export function splitIntoChunks(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, count)));
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    chunks.push(text.slice(i, i + size));
  }
  return chunks;
}

/** Rough token count the fakes report as usage: one per whitespace-separated word. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

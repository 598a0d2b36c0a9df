import type { LoopbackHandler } from './loopbackServer';
import type { FakeModelReply } from './fakeModelReply';
import { countWords } from './fakeModelReply';
import { writeJson, writeNdjson } from './streamWriters';

/**
 * Speaks Ollama's `POST /api/chat`: a stream of NDJSON chat chunks ending
 * with a `done: true` line that carries the token counts.
 */
export function fakeOllamaChat(reply: () => FakeModelReply): LoopbackHandler {
  return async (request, response) => {
    if (request.method !== 'POST' || request.path !== '/api/chat') {
      writeJson(response, 404, { error: `no route ${request.path}` });
      return;
    }
    const next = reply();
    if (next.type === 'hang') return;
    if (next.type === 'error') {
      writeJson(response, next.status, {
        error: next.message ?? 'model runner has unexpectedly stopped',
      });
      return;
    }
    const model = String(request.json?.model ?? 'unknown');
    const createdAt = new Date().toISOString();
    const lines: unknown[] = next.chunks.map(content => ({
      model,
      created_at: createdAt,
      message: { role: 'assistant', content },
      done: false,
    }));
    lines.push({
      model,
      created_at: createdAt,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 1_200_000,
      load_duration: 100_000,
      prompt_eval_count: countWords(request.body),
      prompt_eval_duration: 300_000,
      eval_count: next.chunks.length,
      eval_duration: 800_000,
    });
    await writeNdjson(response, lines, { delayMs: next.delayMs });
  };
}

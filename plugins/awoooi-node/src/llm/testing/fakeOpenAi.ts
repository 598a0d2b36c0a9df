import type { LoopbackHandler } from './loopbackServer';
import type { FakeModelReply } from './fakeModelReply';
import { countWords } from './fakeModelReply';
import { writeJson, writeSse, type SseEvent } from './streamWriters';

/**
 * The `chat.completion.chunk` events of one streamed answer: the role, one
 * chunk per fragment, the stop, and the usage when `promptTokens` is given.
 */
function openAiStreamEvents(
  model: string,
  chunks: string[],
  promptTokens?: number,
): SseEvent[] {
  const base = {
    id: 'chatcmpl-loopback',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: null,
  };
  const chunk = (delta: object, finishReason: string | null): SseEvent => ({
    data: {
      ...base,
      choices: [
        { index: 0, delta, logprobs: null, finish_reason: finishReason },
      ],
    },
  });
  const events: SseEvent[] = [
    chunk({ role: 'assistant', content: '' }, null),
    ...chunks.map(content => chunk({ content }, null)),
    chunk({}, 'stop'),
  ];
  if (promptTokens !== undefined) {
    events.push({
      data: {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: chunks.length,
          total_tokens: promptTokens + chunks.length,
        },
      },
    });
  }
  return events;
}

/**
 * Speaks the OpenAI `POST /v1/chat/completions` streaming API: SSE `data:`
 * lines of `chat.completion.chunk` objects, a usage chunk when
 * `stream_options.include_usage` asks for it, then `data: [DONE]`.
 */
export function fakeOpenAiChatCompletions(
  reply: () => FakeModelReply,
): LoopbackHandler {
  return async (request, response) => {
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
      writeJson(response, 404, {
        error: {
          message: `no route ${request.path}`,
          type: 'invalid_request_error',
        },
      });
      return;
    }
    const next = reply();
    if (next.type === 'hang') return;
    if (next.type === 'error') {
      writeJson(response, next.status, {
        error: {
          message:
            next.message ??
            'The server had an error while processing your request.',
          type: 'server_error',
          param: null,
          code: null,
        },
      });
      return;
    }
    const model = String(request.json?.model ?? 'unknown');
    const events = openAiStreamEvents(
      model,
      next.chunks,
      request.json?.stream_options?.include_usage
        ? countWords(request.body)
        : undefined,
    );
    await writeSse(response, [...events, { data: '[DONE]' }], {
      delayMs: next.delayMs,
    });
  };
}

import type { LoopbackHandler } from './loopbackServer';
import type { FakeModelReply } from './fakeModelReply';
import { countWords } from './fakeModelReply';
import { writeJson, writeSse, type SseEvent } from './streamWriters';

/**
 * The events of one streamed answer: the message opens with the prompt's
 * usage, one text block carries the chunks, and the message stops.
 */
function anthropicStreamEvents(
  model: string,
  inputTokens: number,
  chunks: string[],
): SseEvent[] {
  return [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: 'msg_loopback',
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: inputTokens, output_tokens: 1 },
        },
      },
    },
    {
      event: 'content_block_start',
      data: {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
    ...chunks.map(text => ({
      event: 'content_block_delta',
      data: {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text },
      },
    })),
    {
      event: 'content_block_stop',
      data: { type: 'content_block_stop', index: 0 },
    },
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: chunks.length },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

/**
 * Speaks the Anthropic `POST /v1/messages` streaming API with its event
 * types: message_start, content_block_start, ping, content_block_delta
 * (text_delta), content_block_stop, message_delta, message_stop.
 */
export function fakeAnthropicMessages(
  reply: () => FakeModelReply,
): LoopbackHandler {
  return async (request, response) => {
    if (request.method !== 'POST' || request.path !== '/v1/messages') {
      writeJson(response, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: `no route ${request.path}` },
      });
      return;
    }
    const next = reply();
    if (next.type === 'hang') return;
    if (next.type === 'error') {
      writeJson(response, next.status, {
        type: 'error',
        error: {
          type: 'api_error',
          message: next.message ?? 'Internal server error',
        },
      });
      return;
    }
    const model = String(request.json?.model ?? 'unknown');
    const inputTokens = countWords(request.body);
    const events = anthropicStreamEvents(model, inputTokens, next.chunks);
    await writeSse(response, events, { delayMs: next.delayMs });
  };
}

import type { ServerResponse } from 'node:http';

/** One server-sent event; an object `data` is written as JSON. */
export interface SseEvent {
  event?: string;
  data: unknown;
}

export interface StreamWriteOptions {
  /** Pause before each item so the client reads them one by one (default 2 ms). */
  delayMs?: number;
}

const pause = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Writes newline-delimited JSON, one object a line, as Ollama streams. */
export async function writeNdjson(
  response: ServerResponse,
  objects: unknown[],
  options: StreamWriteOptions = {},
): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const object of objects) {
    await pause(options.delayMs ?? 2);
    response.write(`${JSON.stringify(object)}\n`);
  }
  response.end();
}

/** Writes a `text/event-stream`, as the OpenAI and Anthropic APIs stream. */
export async function writeSse(
  response: ServerResponse,
  events: SseEvent[],
  options: StreamWriteOptions = {},
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const { event, data } of events) {
    await pause(options.delayMs ?? 2);
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    response.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
  }
  response.end();
}

/** Answers with a status and a JSON body. */
export function writeJson(
  response: ServerResponse,
  status: number,
  body: unknown,
): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

import {
  createServer,
  type IncomingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a loopback server received, kept for assertions. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Header names in lower case, as Node delivers them. */
  headers: IncomingHttpHeaders;
  /** The raw request body. */
  body: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: any;
}

export type LoopbackHandler = (
  request: RecordedRequest,
  response: ServerResponse,
) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request received so far, in order. */
  requests: RecordedRequest[];
  /** Drops open connections (hung responses included) and stops listening. */
  close(): Promise<void>;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * An HTTP server on 127.0.0.1 and a free port that records every request and
 * lets `handler` answer it. For tests that drive a real client library.
 */
export async function startLoopbackServer(
  handler: LoopbackHandler,
): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        json: parseJson(body),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch(error => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { createTestMcpServer, TestServerState } from './testServer';

export interface HttpTestServer {
  url: string;
  state: TestServerState;
  calls: Array<{ tool: string; args: Record<string, unknown> }>;
  /** Method and headers of every HTTP request received. */
  requests: Array<{ method: string; headers: IncomingHttpHeaders }>;
  /** Stops and starts again on the same port; all sessions are forgotten. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The test MCP server over Streamable HTTP with sessions (one McpServer per
 * session, as the SDK's stateful examples do) on 127.0.0.1.
 */
export async function startHttpTestServer(
  state: TestServerState,
): Promise<HttpTestServer> {
  const calls: HttpTestServer['calls'] = [];
  const requests: HttpTestServer['requests'] = [];
  let transports = new Map<string, StreamableHTTPServerTransport>();
  let http: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = createServer(async (req, res) => {
        requests.push({ method: req.method ?? '', headers: req.headers });
        const sessionId = req.headers['mcp-session-id'];
        let transport =
          typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
        if (!transport && sessionId) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              jsonrpc: '2.0',
              error: { code: -32001, message: 'Session not found' },
              id: null,
            }),
          );
          return;
        }
        if (!transport) {
          const sessions = transports;
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: id => {
              sessions.set(id, created);
            },
          });
          created.onclose = () => {
            if (created.sessionId) sessions.delete(created.sessionId);
          };
          await createTestMcpServer({
            readState: () => state,
            recordCall: (tool, args) => calls.push({ tool, args }),
          }).connect(created);
          transport = created;
        }
        await transport.handleRequest(req, res);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        http = server;
        resolve();
      });
    });

  const stop = async () => {
    const open = [...transports.values()];
    transports = new Map();
    await Promise.all(open.map(t => t.close().catch(() => undefined)));
    const server = http;
    http = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  };

  await listen();
  const handle: HttpTestServer = {
    url: `http://127.0.0.1:${port}/mcp`,
    state,
    calls,
    requests,
    restart: async () => {
      await stop();
      await listen();
    },
    stop,
  };
  return handle;
}

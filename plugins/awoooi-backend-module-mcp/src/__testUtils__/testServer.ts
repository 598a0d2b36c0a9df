import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** What the test changes between calls to see the executor notice. */
export interface TestServerState {
  /** What `check_restart` answers after the service name. */
  preview: string;
  /** `check_restart` answers with isError. */
  previewFails?: boolean;
  /** Description of `restart_service`, read when a server instance is made. */
  restartDescription?: string;
}

export interface TestServerHooks {
  readState(): TestServerState;
  recordCall(tool: string, args: Record<string, unknown>): void;
}

export const LONG_OUTPUT_CHARS = 5_000;

/** An MCP server with a few operations tools, made with the SDK's McpServer. */
export function createTestMcpServer(hooks: TestServerHooks): McpServer {
  const server = new McpServer({ name: 'ops-test-server', version: '1.2.3' });
  const service = { service: z.string().min(1), force: z.boolean().optional() };

  server.registerTool(
    'restart_service',
    {
      description: hooks.readState().restartDescription ?? 'Restarts a service',
      inputSchema: service,
    },
    async args => {
      hooks.recordCall('restart_service', args);
      if (args.service === 'missing') {
        return {
          isError: true,
          content: [{ type: 'text', text: 'no service named missing' }],
        };
      }
      return {
        content: [
          { type: 'text', text: `restarted ${args.service}` },
          { type: 'text', text: args.force ? 'forced' : 'graceful' },
        ],
      };
    },
  );

  server.registerTool(
    'check_restart',
    {
      description: 'Says what restart_service would do',
      inputSchema: service,
      annotations: { readOnlyHint: true },
    },
    async args => {
      hooks.recordCall('check_restart', args);
      const state = hooks.readState();
      return {
        isError: state.previewFails === true,
        content: [{ type: 'text', text: `${args.service}: ${state.preview}` }],
      };
    },
  );

  server.registerTool(
    'scale',
    {
      description: 'Scales a service',
      inputSchema: {
        service: z.string(),
        replicas: z.number().int().min(0).max(10),
        mode: z.enum(['fast', 'safe']),
        tags: z.array(z.string()).optional(),
      },
    },
    async args => {
      hooks.recordCall('scale', args);
      return {
        content: [{ type: 'text', text: `${args.service} → ${args.replicas}` }],
      };
    },
  );

  server.registerTool(
    'dump_logs',
    { description: 'Prints a lot', inputSchema: {} },
    async () => ({
      content: [{ type: 'text', text: 'x'.repeat(LONG_OUTPUT_CHARS) }],
    }),
  );

  server.registerTool(
    'drop_database',
    { description: 'Never offered: not included', inputSchema: {} },
    async () => {
      hooks.recordCall('drop_database', {});
      return { content: [{ type: 'text', text: 'dropped' }] };
    },
  );

  return server;
}

/** Files through which a stdio server and the test share state. */
export function stdioServerFiles(dir: string) {
  return {
    state: join(dir, 'state.json'),
    calls: join(dir, 'calls.jsonl'),
    pid: join(dir, 'pid'),
  };
}

/** Entry point of the child process: the test server over stdio. */
export async function runStdioTestServer(dir: string): Promise<void> {
  const files = stdioServerFiles(dir);
  writeFileSync(files.pid, String(process.pid));
  const server = createTestMcpServer({
    readState: () => JSON.parse(readFileSync(files.state, 'utf8')),
    recordCall: (tool, args) =>
      appendFileSync(files.calls, `${JSON.stringify({ tool, args })}\n`),
  });
  await server.connect(new StdioServerTransport());
}

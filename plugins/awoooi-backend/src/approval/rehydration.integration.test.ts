import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import mcpModule from '@awoooi/plugin-awoooi-backend-module-mcp';
import openAiModule from '@awoooi/plugin-awoooi-backend-module-openai';
import { llmTesting } from '@awoooi/plugin-awoooi-node';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { z } from 'zod';
import { awoooiPlugin } from '../plugin';
import { LogRecorder } from '../__testUtils__/logRecorder';
import { alertmanagerPayload, seedCatalog } from '../__testUtils__/seedCatalog';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const SECRET = 'rehydration-test-secret';
const SRE = 'user:default/sre-sam';
const ENTITY = 'component:default/frontend';
const ACTION = 'mcp.ops.block_ip';
const RAW_IP = '203.0.113.77';
const RAW_EMAIL = 'oncall@shop.example';
const RAW = [RAW_IP, RAW_EMAIL];

interface BlockIpMcpServer {
  /** Streamable HTTP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  /** Every tool call with its arguments, exactly as they arrived. */
  calls: Array<{
    tool: 'block_ip' | 'check_block';
    args: Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

/**
 * The firewall tools. They answer the way such tools do, naming the address
 * they act on: whatever an executor hands back may hold the real values.
 */
function createFirewallServer(calls: BlockIpMcpServer['calls']): McpServer {
  const server = new McpServer({ name: 'edge-firewall', version: '1.0.0' });
  const inputSchema = { ip: z.string().min(1), reason: z.string().min(1) };
  server.registerTool(
    'block_ip',
    {
      description: 'Blocks a client IP address at the edge firewall',
      inputSchema,
    },
    async args => {
      calls.push({ tool: 'block_ip', args: { ...args } });
      return {
        content: [
          { type: 'text', text: `Blocked ${args.ip} at the edge firewall` },
        ],
      };
    },
  );
  server.registerTool(
    'check_block',
    {
      description: 'Says what block_ip would do',
      inputSchema,
      annotations: { readOnlyHint: true },
    },
    async args => {
      calls.push({ tool: 'check_block', args: { ...args } });
      return {
        content: [
          {
            type: 'text',
            text: `Would block ${args.ip} (${args.reason}); no rule covers it yet`,
          },
        ],
      };
    },
  );
  return server;
}

/**
 * A real MCP server (the SDK's McpServer over Streamable HTTP, one session per
 * client) on 127.0.0.1 offering `block_ip { ip, reason }` and its read-only
 * preview `check_block` with the same input.
 */
async function startBlockIpMcpServer(): Promise<BlockIpMcpServer> {
  const calls: BlockIpMcpServer['calls'] = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req, res) => {
    const sessionId = req.headers['mcp-session-id'];
    let transport =
      typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
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
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: id => {
          sessions.set(id, created);
        },
      });
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
      };
      await createFirewallServer(calls).connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    close: async () => {
      await Promise.all(
        [...sessions.values()].map(t => t.close().catch(() => undefined)),
      );
      http.closeAllConnections();
      await new Promise<void>(resolve => http.close(() => resolve()));
    },
  };
}

/** What the model answers: labels copied from the prompt, never values. */
function modelAnswer(params: Record<string, string>): string {
  return JSON.stringify({
    narrative:
      'frontend answers 5xx to a burst from the abusive client [IP_1]; [EMAIL_1] reported it.',
    remediations: [
      {
        action: ACTION,
        target: 'mcp:ops',
        entityRef: ENTITY,
        params,
        risk: 'MEDIUM',
        title: 'Block the abusive client',
        rationale: 'Every failing request comes from [IP_1].',
      },
    ],
  });
}

interface Harness {
  server: any;
  knex: Knex;
  llm: llmTesting.LoopbackServer;
  mcp: BlockIpMcpServer;
  logs: LogRecorder;
  /** What left the backend for people: notifications and live signals. */
  outbound: unknown[];
  stop(): Promise<void>;
}

/** Console output counts as logging too: recorded, not printed. */
function captureConsole(logs: LogRecorder): () => void {
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map(
    method =>
      jest
        .spyOn(console, method)
        .mockImplementation((...args: unknown[]) =>
          logs.record(`console.${method}`, args),
        ),
  );
  return () => spies.forEach(spy => spy.mockRestore());
}

/** The AWOOOI backend with the real OpenAI brain and MCP executor modules against loopback servers. */
async function startHarness(
  databaseId: TestDatabaseId,
  answer: string,
): Promise<Harness> {
  const knex = await databases.init(databaseId);
  const logs = new LogRecorder();
  const restoreConsole = captureConsole(logs);
  const llm = await llmTesting.startLoopbackServer(
    llmTesting.fakeOpenAiChatCompletions(() => ({
      type: 'stream',
      chunks: llmTesting.splitIntoChunks(answer, 16),
    })),
  );
  const mcp = await startBlockIpMcpServer();
  const outbound: unknown[] = [];
  const backend = await startTestBackend({
    features: [
      awoooiPlugin,
      openAiModule,
      mcpModule,
      logs.rootLoggerFactory(),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async (n: unknown) => void outbound.push(n) }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (s: unknown) => void outbound.push(s),
        }),
      }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: {
              encryptionKey: 'rehydration-test-key-0123456789abcdefghi',
            },
            roles: { sre: [SRE] },
            brain: {
              provider: 'openai',
              openai: {
                baseUrl: `${llm.url}/v1`,
                apiKey: 'sk-loopback',
                model: 'gpt-4o-mini',
              },
            },
            mcp: {
              servers: [
                {
                  name: 'ops',
                  url: mcp.url,
                  include: ['block_ip'],
                  tools: {
                    block_ip: { risk: 'MEDIUM', dryRunTool: 'check_block' },
                  },
                },
              ],
            },
          },
        },
      }),
    ],
  });
  let stopped: Promise<void> | undefined;
  return {
    server: backend.server,
    knex,
    llm,
    mcp,
    logs,
    outbound,
    stop: () =>
      (stopped ??= (async () => {
        try {
          // The backend first: its MCP client ends the session on a live server.
          await backend.stop();
          await Promise.all([mcp.close(), llm.close()]);
        } finally {
          restoreConsole();
        }
      })()),
  };
}

/** Fires the frontend alert whose summary names a client IP and a person's e-mail. */
async function fireAlert(server: any) {
  await request(server)
    .post('/api/awoooi/alerts/alertmanager')
    .set('x-awoooi-token', SECRET)
    .send(
      alertmanagerPayload([
        {
          alertname: 'ClientErrorBurst',
          fingerprint: 'fe-burst',
          labels: { service: 'frontend', namespace: 'shop' },
          summary: `frontend 5xx burst from client ${RAW_IP}, reported by ${RAW_EMAIL}`,
        },
      ]),
    )
    .expect(202);
}

/** Waits until the incident is analysed and its proposal exists. */
async function waitForProposal(server: any) {
  const until = Date.now() + 20_000;
  for (;;) {
    const { body } = await request(server)
      .get('/api/awoooi/incidents')
      .query({ entityRef: ENTITY });
    const incident = body.items?.[0];
    if (incident?.analysisState === 'done') {
      const details = (
        await request(server).get(`/api/awoooi/incidents/${incident.id}`)
      ).body;
      if (details.proposals.length > 0) return details;
    }
    if (Date.now() > until) throw new Error('no proposal in time');
    await new Promise(r => setTimeout(r, 50));
  }
}

function approve(server: any, id: string) {
  return request(server)
    .post(`/api/awoooi/proposals/${id}/approve`)
    .set('authorization', mockCredentials.user.header(SRE))
    .send({ comment: 'block it' });
}

/** Every stored row of the tables that hold pipeline output (`alerts` keeps the payload as received). */
async function pipelineRows(knex: Knex) {
  const tables = [
    'incidents',
    'incident_analyses',
    'incident_transcript',
    'privacy_scopes',
    'automation_operation_log',
    'proposals',
    'proposal_signatures',
    'trust_patterns',
  ];
  return Object.fromEntries(
    await Promise.all(
      tables.map(async t => [t, await knex(t).select()] as const),
    ),
  );
}

function leaks(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return RAW.filter(raw => text.includes(raw));
}

describe.each(databases.eachSupportedId())(
  'rehydration at the executor boundary on %s',
  databaseId => {
    let harness: Harness | undefined;
    afterEach(async () => {
      await harness?.stop();
      harness = undefined;
    });

    it('sends labels to the model, stores labels, and hands the real IP only to the MCP tool', async () => {
      harness = await startHarness(
        databaseId,
        modelAnswer({ ip: '[IP_1]', reason: 'abusive client [IP_1]' }),
      );
      const { server, knex, llm, mcp, logs, outbound } = harness;
      await fireAlert(server);
      const details = await waitForProposal(server);
      const incidentId: string = details.incident.id;

      // The model saw the labels, and the MCP tool among the actions it may propose.
      expect(llm.requests).toHaveLength(1);
      const prompt = llm.requests[0].body;
      expect(prompt).toContain('[IP_1]');
      expect(prompt).toContain('[EMAIL_1]');
      expect(prompt).toContain(ACTION);
      expect(leaks(prompt)).toEqual([]);

      // Its answer was used, labels and all.
      expect(details.analysis.brain).toBe('openai');
      expect(details.analysis.narrative).toContain('[IP_1]');
      expect(leaks(details)).toEqual([]);

      const [proposal] = details.proposals;
      expect(proposal).toMatchObject({
        action: ACTION,
        executor: 'mcp.ops',
        target: 'mcp:ops',
        entityRef: ENTITY,
        params: { ip: '[IP_1]', reason: 'abusive client [IP_1]' },
        risk: 'MEDIUM',
        required: { count: 1 },
        state: 'PENDING',
      });
      // The dry-run is at the boundary too: its preview tool got the real values, and
      // its answer, which names the address, is shown with the label.
      expect(proposal.dryRun.ok).toBe(true);
      expect(proposal.dryRun.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'server_reachable',
            outcome: 'pass',
          }),
          expect.objectContaining({ name: 'tool_exists', outcome: 'pass' }),
          expect.objectContaining({ name: 'params', outcome: 'pass' }),
          expect.objectContaining({
            name: 'dry_run_tool',
            outcome: 'pass',
            detail: expect.stringContaining('Would block [IP_1]'),
          }),
        ]),
      );
      const realArgs = { ip: RAW_IP, reason: `abusive client ${RAW_IP}` };
      expect(mcp.calls).toEqual([{ tool: 'check_block', args: realArgs }]);

      const [row] = await knex('proposals').where('id', proposal.id);
      expect(JSON.parse(row.params)).toEqual({
        ip: '[IP_1]',
        reason: 'abusive client [IP_1]',
      });
      const [analysisRow] = await knex('incident_analyses').where(
        'incident_id',
        incidentId,
      );
      expect(analysisRow.narrative).toContain('[IP_1]');
      expect(leaks(analysisRow)).toEqual([]);
      const transcript = await knex('incident_transcript')
        .where('incident_id', incidentId)
        .orderBy('seq');
      expect(transcript.map(l => l.text).join('')).toContain('[IP_1]');
      expect(leaks(transcript)).toEqual([]);
      const [scopeRow] = await knex('privacy_scopes').where(
        'scope_id',
        incidentId,
      );
      expect(scopeRow.ciphertext).toMatch(/^v1:/);
      expect(scopeRow.ciphertext).not.toContain('[IP_1]');
      expect(leaks(scopeRow)).toEqual([]);

      const approved = await approve(server, proposal.id);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        state: 'EXECUTED',
        result: { ok: true, detail: 'Blocked [IP_1] at the edge firewall' },
      });

      // Rehydrated at the boundary: the re-check and the tool got the real values; the tool ran once.
      expect(mcp.calls).toEqual([
        { tool: 'check_block', args: realArgs },
        { tool: 'check_block', args: realArgs },
        { tool: 'block_ip', args: realArgs },
      ]);

      // Everywhere else the labels stay.
      const [after] = await knex('proposals').where('id', proposal.id);
      expect(JSON.parse(after.params)).toEqual({
        ip: '[IP_1]',
        reason: 'abusive client [IP_1]',
      });
      const operations = await knex('automation_operation_log').orderBy('id');
      expect(operations.map(o => o.op_type)).toEqual(
        expect.arrayContaining(['dry_run', 'execute_start', 'execute_end']),
      );
      expect(leaks(operations.map(o => o.details))).toEqual([]);
      expect(leaks(await pipelineRows(knex))).toEqual([]);
      expect(leaks(approved.body)).toEqual([]);
      expect(
        leaks(
          (await request(server).get(`/api/awoooi/incidents/${incidentId}`))
            .body,
        ),
      ).toEqual([]);
      expect(
        leaks(
          (await request(server).get('/api/awoooi/audit').query({ incidentId }))
            .body,
        ),
      ).toEqual([]);
      expect(outbound.length).toBeGreaterThan(0);
      expect(leaks(outbound)).toEqual([]);

      // Nothing logged, start to shutdown, holds a raw value; the recorder did see the pipeline.
      await harness.stop();
      expect(
        logs.lines.find(line => line.includes('openai brain answer accepted')),
      ).toContain('remediations: 1');
      expect(
        logs.lines.some(line => line.includes("Added MCP executor 'mcp.ops'")),
      ).toBe(true);
      expect(logs.linesContaining(RAW)).toEqual([]);
    });

    it('blocks a proposal whose params hold a label the incident never issued', async () => {
      harness = await startHarness(
        databaseId,
        modelAnswer({ ip: '[IP_9]', reason: 'abusive client [IP_1]' }),
      );
      const { server, knex, mcp, logs } = harness;
      await fireAlert(server);
      const [proposal] = (await waitForProposal(server)).proposals;

      expect(proposal).toMatchObject({
        action: ACTION,
        params: { ip: '[IP_9]', reason: 'abusive client [IP_1]' },
        state: 'BLOCKED',
      });
      expect(proposal.reason).toMatch(/Unknown privacy label \[IP_9\]/);
      expect(proposal.dryRun.ok).toBe(false);
      expect(proposal.dryRun.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'dry_run',
            outcome: 'fail',
            detail: expect.stringContaining('[IP_9]'),
          }),
        ]),
      );

      // Nobody can sign it, and nothing reaches the tool.
      const signed = await approve(server, proposal.id);
      expect(signed.status).toBe(409);
      expect(mcp.calls).toEqual([]);
      const [row] = await knex('proposals').where('id', proposal.id);
      expect(row.state).toBe('BLOCKED');
      expect(leaks(await pipelineRows(knex))).toEqual([]);

      await harness.stop();
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(logs.linesContaining(RAW)).toEqual([]);
    });
  },
);

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  awoooiExecutorsExtensionPoint,
  type AwoooiActionExecutor,
} from '@awoooi/plugin-awoooi-node';
import {
  startHttpTestServer,
  HttpTestServer,
} from './__testUtils__/httpServer';
import awoooiModuleMcp, { McpActionExecutor } from './index';

async function startWith(config: object) {
  const executors: AwoooiActionExecutor[] = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [awoooiExecutorsExtensionPoint, { addExecutor: e => executors.push(e) }],
    ],
    features: [
      awoooiModuleMcp,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return { backend, executors };
}

describe('awoooiModuleMcp', () => {
  let server: HttpTestServer;

  beforeEach(async () => {
    server = await startHttpTestServer({ preview: 'ok' });
  });

  afterEach(async () => {
    await server.stop();
  });

  it('registers one executor per server, connects on first use and closes on shutdown', async () => {
    const { backend, executors } = await startWith({
      awoooi: {
        mcp: {
          servers: [
            { name: 'ops', url: server.url, include: ['restart_service'] },
            { name: 'local', command: 'an-mcp-server-that-is-never-started' },
          ],
        },
      },
    });
    expect(executors.map(e => e.id)).toEqual(['mcp.ops', 'mcp.local']);
    expect(executors[0]).toBeInstanceOf(McpActionExecutor);
    // Lazy: nothing is contacted before the first use.
    expect(server.requests).toEqual([]);

    const actions = await executors[0].listActions();
    expect(actions.map(a => [a.name, a.baseRisk])).toEqual([
      ['mcp.ops.restart_service', 'HIGH'],
    ]);

    await backend.stop();
    // The open session is ended when the backend shuts down.
    expect(server.requests.some(r => r.method === 'DELETE')).toBe(true);
    await expect(executors[0].listActions()).resolves.toHaveLength(1);
    expect(
      (
        await executors[0].dryRun(
          {
            action: 'mcp.ops.restart_service',
            target: 'mcp:ops',
            entityRef: 'component:default/web',
            params: { service: 'web' },
          },
          { logger: mockServices.logger.mock() },
        )
      ).checks,
    ).toEqual([
      {
        name: 'server_reachable',
        outcome: 'fail',
        detail: "MCP server 'ops': connection is shut down",
      },
    ]);
  });

  it('registers nothing without servers', async () => {
    const { backend, executors } = await startWith({});
    expect(executors).toEqual([]);
    await backend.stop();
  });

  it.each([
    [
      [{ name: 'ops', url: 'http://x', command: 'y' }],
      /exactly one of command/,
    ],
    [[{ name: 'ops.prod', url: 'http://x' }], /only letters, digits/],
    [[{ name: 'ops', url: 'http://x', risk: 'SEVERE' }], /risk must be one of/],
  ])('refuses bad servers %j', async (servers, error) => {
    await expect(startWith({ awoooi: { mcp: { servers } } })).rejects.toThrow(
      error,
    );
  });
});

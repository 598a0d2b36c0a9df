import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import {
  prepareStdioTestServer,
  StdioTestServer,
} from './__testUtils__/stdioServer';
import { readMcpServers } from './config/readMcpServers';
import { McpActionExecutor } from './McpActionExecutor';

jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
const context = { logger };

function executorFor(server: JsonObject) {
  const [config] = readMcpServers(
    new ConfigReader({ awoooi: { mcp: { servers: [server] } } }),
  );
  return new McpActionExecutor({ server: config, logger });
}

const restart = (service: string) => ({
  action: 'mcp.local.restart_service',
  target: 'mcp:local',
  entityRef: 'component:default/web',
  params: { service },
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number) {
  const until = Date.now() + 10_000;
  while (isRunning(pid)) {
    if (Date.now() > until) throw new Error(`process ${pid} did not exit`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('McpActionExecutor over stdio', () => {
  let server: StdioTestServer;
  let executor: McpActionExecutor;

  beforeAll(async () => {
    server = await prepareStdioTestServer({ preview: 'healthy' });
    executor = executorFor({
      name: 'local',
      command: server.command,
      args: server.args,
      risk: 'MEDIUM',
      tools: { restart_service: { dryRunTool: 'check_restart' } },
    });
  });

  afterAll(async () => {
    await executor?.close();
    await server?.cleanup();
  });

  it('starts the server on first use and offers its tools', async () => {
    const actions = await executor.listActions();
    expect(actions.map(a => a.name).sort()).toEqual([
      'mcp.local.check_restart',
      'mcp.local.drop_database',
      'mcp.local.dump_logs',
      'mcp.local.restart_service',
      'mcp.local.scale',
    ]);
    expect(new Set(actions.map(a => a.baseRisk))).toEqual(new Set(['MEDIUM']));
    expect(isRunning(await server.pid())).toBe(true);
  });

  it('dry-runs through the dry-run tool, and its answer is part of the state', async () => {
    const first = await executor.dryRun(restart('web'), context);
    expect(first.checks.map(c => [c.name, c.outcome])).toEqual([
      ['server_reachable', 'pass'],
      ['tool_exists', 'pass'],
      ['params', 'pass'],
      ['dry_run_tool', 'pass'],
    ]);
    expect(first.checks[3].detail).toBe('check_restart: web: healthy');

    await server.setState({ preview: 'degraded: 2 of 3 replicas down' });
    const changed = await executor.dryRun(restart('web'), context);
    expect(changed.checks[3]).toEqual({
      name: 'dry_run_tool',
      outcome: 'pass',
      detail: 'check_restart: web: degraded: 2 of 3 replicas down',
    });
    expect(changed.state).not.toEqual(first.state);

    await server.setState({
      preview: 'locked by another rollout',
      previewFails: true,
    });
    const failing = await executor.dryRun(restart('web'), context);
    expect(failing.checks[3].outcome).toBe('fail');
    await server.setState({ preview: 'healthy' });
    expect((await executor.dryRun(restart('web'), context)).state).toEqual(
      first.state,
    );
  });

  it('executes tools, reporting isError as a failure', async () => {
    expect(await executor.execute(restart('api'), context)).toEqual({
      ok: true,
      detail: 'restarted api\ngraceful',
    });
    expect(await executor.execute(restart('missing'), context)).toEqual({
      ok: false,
      detail: 'no service named missing',
    });
    const calls = (await server.calls()).filter(
      c => c.tool === 'restart_service',
    );
    expect(calls.map(c => c.args)).toEqual([
      { service: 'api' },
      { service: 'missing' },
    ]);
  });

  it('starts the server again after it died', async () => {
    const before = await server.pid();
    process.kill(before, 'SIGKILL');
    await waitForExit(before);
    const dryRun = await executor.dryRun(restart('web'), context);
    expect(dryRun.checks.every(c => c.outcome === 'pass')).toBe(true);
    const after = await server.pid();
    expect(after).not.toBe(before);
    expect(isRunning(after)).toBe(true);
    expect((await executor.execute(restart('web'), context)).ok).toBe(true);
  });

  it('stops the server process on close', async () => {
    const pid = await server.pid();
    await executor.close();
    await waitForExit(pid);
    expect(isRunning(pid)).toBe(false);
  });

  it('reports a server that will not start, with what it wrote to stderr', async () => {
    const broken = executorFor({
      name: 'local',
      command: process.execPath,
      args: ['-e', 'console.error("missing OPS_TOKEN"); process.exit(3)'],
    });
    try {
      const dryRun = await broken.dryRun(restart('web'), context);
      expect(dryRun.checks).toEqual([
        {
          name: 'server_reachable',
          outcome: 'fail',
          detail: expect.stringMatching(
            /^MCP server 'local' is unreachable: .*\(stderr: missing OPS_TOKEN\)$/,
          ),
        },
      ]);
      await expect(broken.listActions()).resolves.toEqual([]);
    } finally {
      await broken.close();
    }
  });
});

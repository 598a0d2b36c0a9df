import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import type { AwoooiActionExecutor } from '@awoooi/plugin-awoooi-node';
import {
  startHttpTestServer,
  HttpTestServer,
} from './__testUtils__/httpServer';
import { LONG_OUTPUT_CHARS } from './__testUtils__/testServer';
import { readMcpServers } from './config/readMcpServers';
import { McpActionExecutor } from './McpActionExecutor';

const logger = mockServices.logger.mock();
const context = { logger };

function executorFor(server: JsonObject) {
  const [config] = readMcpServers(
    new ConfigReader({ awoooi: { mcp: { servers: [server] } } }),
  );
  return new McpActionExecutor({ server: config, logger });
}

const request = (tool: string, params: Record<string, unknown>) => ({
  action: `mcp.ops.${tool}`,
  target: 'mcp:ops',
  entityRef: 'component:default/web',
  params,
});

describe('McpActionExecutor over Streamable HTTP', () => {
  let server: HttpTestServer;
  let executor: McpActionExecutor;

  beforeEach(async () => {
    server = await startHttpTestServer({ preview: '3 replicas ready' });
    executor = executorFor({
      name: 'ops',
      url: server.url,
      headers: { Authorization: 'Bearer ops-token' },
      include: ['restart_service', 'check_*', 'scale', 'dump_logs'],
      tools: {
        restart_service: { dryRunTool: 'check_restart' },
        check_restart: { readOnly: true },
        scale: { risk: 'CRITICAL' },
      },
      timeout: '5s',
    });
  });

  afterEach(async () => {
    await executor.close();
    await server.stop();
  });

  it('offers the included tools as actions with their risk', async () => {
    const actions = await executor.listActions();
    expect(
      actions.map(a => [a.name, a.baseRisk, a.description]).sort(),
    ).toEqual([
      ['mcp.ops.check_restart', 'LOW', 'Says what restart_service would do'],
      ['mcp.ops.dump_logs', 'HIGH', 'Prints a lot'],
      ['mcp.ops.restart_service', 'HIGH', 'Restarts a service'],
      ['mcp.ops.scale', 'CRITICAL', 'Scales a service'],
    ]);
    expect(executor.id).toBe('mcp.ops');
    // The configured headers go with every request.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(
      server.requests.every(
        r => r.headers.authorization === 'Bearer ops-token',
      ),
    ).toBe(true);
  });

  it('builds params schemas from the tools’ input schemas', async () => {
    const actions = await executor.listActions();
    const scale = actions.find(a => a.name === 'mcp.ops.scale')!.paramsSchema;
    expect(
      scale.safeParse({ service: 'web', replicas: 3, mode: 'safe' }).success,
    ).toBe(true);
    expect(
      scale.safeParse({ service: 'web', replicas: 11, mode: 'safe' }).success,
    ).toBe(false);
    expect(
      scale.safeParse({ service: 'web', replicas: 2.5, mode: 'safe' }).success,
    ).toBe(false);
    expect(
      scale.safeParse({ service: 'web', replicas: 3, mode: 'slow' }).success,
    ).toBe(false);
    expect(scale.safeParse({ replicas: 3, mode: 'safe' }).success).toBe(false);
    expect(
      scale.safeParse({ service: 'web', replicas: 3, mode: 'fast', tags: [1] })
        .success,
    ).toBe(false);
    const restart = actions.find(
      a => a.name === 'mcp.ops.restart_service',
    )!.paramsSchema;
    expect(restart.safeParse({ service: '' }).success).toBe(false);
  });

  it('targets the server for its own actions, whatever the entity', () => {
    const asExecutor: AwoooiActionExecutor = executor;
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'web' },
    };
    const targetFor = (action: string) => asExecutor.targetFor!(action, entity);
    expect(targetFor('mcp.ops.restart_service')).toBe('mcp:ops');
    expect(targetFor('mcp.other.restart_service')).toBeUndefined();
    expect(targetFor('restart_pod')).toBeUndefined();
  });

  it('passes a dry-run and shows the dry-run tool’s answer without running the tool', async () => {
    const dryRun = await executor.dryRun(
      request('restart_service', { service: 'web' }),
      context,
    );
    expect(dryRun.checks).toEqual([
      {
        name: 'server_reachable',
        outcome: 'pass',
        detail: expect.stringMatching(/listed 5 tools/),
      },
      { name: 'tool_exists', outcome: 'pass', detail: expect.any(String) },
      { name: 'params', outcome: 'pass', detail: expect.any(String) },
      {
        name: 'dry_run_tool',
        outcome: 'pass',
        detail: 'check_restart: web: 3 replicas ready',
      },
    ]);
    expect(server.calls).toEqual([
      { tool: 'check_restart', args: { service: 'web' } },
    ]);
    expect(dryRun.state).toEqual({
      server: 'ops',
      tool: 'restart_service',
      definition: expect.stringMatching(/^[0-9a-f]{32}$/),
      dryRunTool: {
        name: 'check_restart',
        definition: expect.stringMatching(/^[0-9a-f]{32}$/),
        isError: false,
        output: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    });
  });

  it('fails the dry-run when the dry-run tool answers with an error', async () => {
    server.state.previewFails = true;
    server.state.preview = 'would drop 2 in-flight jobs';
    const dryRun = await executor.dryRun(
      request('restart_service', { service: 'web' }),
      context,
    );
    expect(dryRun.checks.find(c => c.name === 'dry_run_tool')).toEqual({
      name: 'dry_run_tool',
      outcome: 'fail',
      detail: 'check_restart: web: would drop 2 in-flight jobs',
    });
  });

  it('fails the params check and skips the dry-run tool on bad arguments', async () => {
    const dryRun = await executor.dryRun(
      request('restart_service', { service: 7 }),
      context,
    );
    expect(dryRun.checks.map(c => [c.name, c.outcome])).toEqual([
      ['server_reachable', 'pass'],
      ['tool_exists', 'pass'],
      ['params', 'fail'],
    ]);
    expect(dryRun.checks[2].detail).toMatch(/^service: Expected string/);
    expect(server.calls).toEqual([]);
  });

  it.each([
    ['a tool the server does not list', 'mcp.ops.check_disk'],
    ['a tool left out by include', 'mcp.ops.drop_database'],
    ['an action of another executor', 'restart_pod'],
  ])('fails tool_exists for %s', async (_, action) => {
    const dryRun = await executor.dryRun(
      { ...request('x', {}), action },
      context,
    );
    const check = dryRun.checks.find(c => c.name === 'tool_exists');
    expect(check?.outcome).toBe('fail');
    expect(
      dryRun.checks.every(
        c => c.outcome !== 'pass' || c.name === 'server_reachable',
      ),
    ).toBe(true);
  });

  it('fails when the configured dry-run tool is not listed', async () => {
    await executor.close();
    executor = executorFor({
      name: 'ops',
      url: server.url,
      tools: { scale: { dryRunTool: 'preview_scale' } },
    });
    const dryRun = await executor.dryRun(
      request('scale', { service: 'web', replicas: 2, mode: 'safe' }),
      context,
    );
    expect(dryRun.checks.find(c => c.name === 'dry_run_tool')).toEqual({
      name: 'dry_run_tool',
      outcome: 'fail',
      detail: "MCP server 'ops' does not list the dry-run tool 'preview_scale'",
    });
  });

  it('keeps the state while nothing changes and changes it when the dry-run answer does', async () => {
    const req = request('restart_service', { service: 'web' });
    const first = await executor.dryRun(req, context);
    const again = await executor.dryRun(req, context);
    expect(again.state).toEqual(first.state);
    server.state.preview = '1 replica ready, 2 crash-looping';
    const changed = await executor.dryRun(req, context);
    expect(changed.checks.every(c => c.outcome === 'pass')).toBe(true);
    expect(changed.state).not.toEqual(first.state);
    expect(changed.state.definition).toEqual(first.state.definition);
  });

  it('changes the state when the tool’s definition changes', async () => {
    const req = request('restart_service', { service: 'web' });
    const first = await executor.dryRun(req, context);
    server.state.restartDescription = 'Restarts a service and wipes its cache';
    await server.restart();
    const changed = await executor.dryRun(req, context);
    expect(changed.checks.every(c => c.outcome === 'pass')).toBe(true);
    expect(changed.state.definition).not.toEqual(first.state.definition);
    expect(changed.state.dryRunTool).toEqual(first.state.dryRunTool);
  });

  it('executes a tool and joins its text output', async () => {
    await executor.listActions();
    const outcome = await executor.execute(
      request('restart_service', { service: 'web', force: true }),
      context,
    );
    expect(outcome).toEqual({ ok: true, detail: 'restarted web\nforced' });
    expect(server.calls).toEqual([
      { tool: 'restart_service', args: { service: 'web', force: true } },
    ]);
  });

  it('reports a tool error as a failed execution', async () => {
    const outcome = await executor.execute(
      request('restart_service', { service: 'missing' }),
      context,
    );
    expect(outcome).toEqual({ ok: false, detail: 'no service named missing' });
  });

  it('truncates long output', async () => {
    const outcome = await executor.execute(request('dump_logs', {}), context);
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toBe(
      `${'x'.repeat(2_000)}… (${LONG_OUTPUT_CHARS - 2_000} more characters)`,
    );
  });

  it('refuses tools it does not offer and arguments that do not fit', async () => {
    await executor.listActions();
    expect(
      await executor.execute(request('drop_database', {}), context),
    ).toEqual({
      ok: false,
      detail: "MCP server 'ops' does not offer 'mcp.ops.drop_database'",
    });
    const bad = await executor.execute(
      request('scale', { service: 'web', replicas: 99, mode: 'safe' }),
      context,
    );
    expect(bad.ok).toBe(false);
    expect(bad.detail).toMatch(
      /^Arguments rejected before calling 'scale': replicas:/,
    );
    expect(server.calls).toEqual([]);
  });

  it('reconnects after the server restarts', async () => {
    const req = request('restart_service', { service: 'web' });
    const before = await executor.dryRun(req, context);
    await server.restart(); // every session is gone now
    const after = await executor.dryRun(req, context);
    expect(after.checks.every(c => c.outcome === 'pass')).toBe(true);
    expect(after.state).toEqual(before.state);
    expect(await executor.execute(req, context)).toEqual({
      ok: true,
      detail: 'restarted web\ngraceful',
    });
    const initializations = server.requests.filter(
      r => r.method === 'POST' && !r.headers['mcp-session-id'],
    );
    expect(initializations).toHaveLength(2);
  });

  it('fails server_reachable while the server is down and keeps the known actions', async () => {
    const known = await executor.listActions();
    await server.stop();
    const dryRun = await executor.dryRun(
      request('restart_service', { service: 'web' }),
      context,
    );
    expect(dryRun.checks).toEqual([
      {
        name: 'server_reachable',
        outcome: 'fail',
        detail: expect.stringMatching(/MCP server 'ops' is unreachable/),
      },
    ]);
    expect(dryRun.state).toEqual({
      server: 'ops',
      tool: 'restart_service',
      reachable: false,
    });
    expect((await executor.listActions()).map(a => a.name)).toEqual(
      known.map(a => a.name),
    );
    const outcome = await executor.execute(
      request('restart_service', { service: 'web' }),
      context,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(
      /^MCP tool 'restart_service' on 'ops' failed: /,
    );
  });

  it('offers nothing (and does not throw) when the server was never reachable', async () => {
    await server.stop();
    await executor.close();
    executor = executorFor({ name: 'ops', url: server.url });
    await expect(executor.listActions()).resolves.toEqual([]);
  });
});

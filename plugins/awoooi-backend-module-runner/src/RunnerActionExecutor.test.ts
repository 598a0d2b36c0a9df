import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunnerConfig } from './config/readRunnerConfig';
import { RunnerActionExecutor } from './RunnerActionExecutor';

const context = () => ({ logger: mockServices.logger.mock() });
const request = (action: string, params: Record<string, unknown> = {}) => ({
  action,
  target: 'demo:node/worker-large-01',
  entityRef: 'component:default/test',
  params,
});
const outcomes = (checks: Array<{ name: string; outcome: string }>) =>
  Object.fromEntries(checks.map(c => [c.name, c.outcome]));

function executor(runner: object) {
  return new RunnerActionExecutor(
    readRunnerConfig(new ConfigReader({ awoooi: { runner } })),
  );
}

describe('RunnerActionExecutor with real commands', () => {
  const runner = executor({
    maxOutputBytes: 1024,
    commands: {
      echo_args: {
        argv: ['/usr/bin/printf', '%s|%s\\n', '{service}', '{target}'],
        checkArgv: ['/usr/bin/test', '-n', '{service}'],
        risk: 'MEDIUM',
        params: { service: { type: 'string', maxLength: 100 } },
      },
      restart_unit: {
        argv: ['/usr/bin/printf', 'restart %s\\n', '{unit}'],
        params: { unit: { pattern: '[a-z0-9-]+' } },
      },
      sleep: {
        argv: ['/bin/sleep', '{seconds}'],
        timeout: '1s',
        params: { seconds: { type: 'integer', minimum: 0, maximum: 30 } },
      },
      count: { argv: ['/usr/bin/seq', '1', '100000'] },
      fail: { argv: ['/bin/false'] },
      show_env: { argv: ['/usr/bin/env'], env: { RUNBOOK_MODE: 'demo' } },
      missing: { argv: ['/usr/bin/no-such-program-here'] },
    },
  });

  it('offers runner.<name> actions with their risk and a strict params schema', async () => {
    const actions = await runner.listActions();
    expect(actions.map(a => [a.name, a.baseRisk])).toEqual([
      ['runner.echo_args', 'MEDIUM'],
      ['runner.restart_unit', 'HIGH'],
      ['runner.sleep', 'HIGH'],
      ['runner.count', 'HIGH'],
      ['runner.fail', 'HIGH'],
      ['runner.show_env', 'HIGH'],
      ['runner.missing', 'HIGH'],
    ]);
    const schema = actions[0].paramsSchema;
    expect(schema.safeParse({ service: 'web' }).success).toBe(true);
    expect(schema.safeParse({ service: 'web', extra: 1 }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
  });

  it('passes a value as one argv element: shell syntax stays text', async () => {
    const service = `web; echo pwned $(id) > /tmp/x 'q'`;
    const req = request('runner.echo_args', { service });
    const dry = await runner.dryRun(req, context());
    expect(outcomes(dry.checks)).toEqual({
      params: 'pass',
      executable: 'pass',
      check: 'pass',
    });
    expect(dry.state).toMatchObject({
      action: 'runner.echo_args',
      kind: 'command',
    });
    expect(dry.state.digest).toMatch(/^[0-9a-f]{64}$/);
    const outcome = await runner.execute(req, context());
    expect(outcome).toEqual({
      ok: true,
      detail: `runner.echo_args: exit code 0: ${service}|demo:node/worker-large-01`,
    });
  });

  it('refuses bad params before anything runs', async () => {
    for (const params of [{ unit: 'nginx; reboot' }, { unit: '-rf' }, {}]) {
      const dry = await runner.dryRun(
        request('runner.restart_unit', params),
        context(),
      );
      expect(outcomes(dry.checks)).toEqual({ params: 'fail' });
      expect(
        (
          await runner.execute(
            request('runner.restart_unit', params),
            context(),
          )
        ).ok,
      ).toBe(false);
    }
    const unknown = await runner.dryRun(request('runner.nope'), context());
    expect(unknown.checks[0].detail).toBe("the runner offers no 'runner.nope'");
  });

  it('warns when nothing can be simulated, and fails a missing program', async () => {
    const dry = await runner.dryRun(
      request('runner.restart_unit', { unit: 'nginx' }),
      context(),
    );
    expect(outcomes(dry.checks).check).toBe('warn');
    expect(dry.checks[2].detail).toContain(
      '["/usr/bin/printf","restart %s\\\\n","nginx"]',
    );
    const missing = await runner.dryRun(request('runner.missing'), context());
    expect(outcomes(missing.checks).executable).toBe('fail');
    expect(
      (await runner.execute(request('runner.missing'), context())).detail,
    ).toMatch(/could not start: spawn \/usr\/bin\/no-such-program-here ENOENT/);
  });

  it('stops a command at its timeout and caps its output', async () => {
    const started = Date.now();
    const slow = await runner.execute(
      request('runner.sleep', { seconds: 20 }),
      context(),
    );
    expect(slow).toEqual({
      ok: false,
      detail: 'runner.sleep: timed out after 1 s',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const long = await runner.execute(request('runner.count'), context());
    expect(long.ok).toBe(true);
    expect(long.detail).toMatch(
      /^runner\.count: exit code 0 \(output cut at 1024 bytes\): 1\n2\n3\n/,
    );
    expect(long.detail).not.toContain('100000');
    const failed = await runner.execute(request('runner.fail'), context());
    expect(failed).toEqual({ ok: false, detail: 'runner.fail: exit code 1' });
  });

  it('gives a process only PATH, HOME, LANG, TMPDIR and its configured env', async () => {
    process.env.AWOOOI_RUNNER_TEST_SECRET = 'must-not-leak';
    try {
      const outcome = await runner.execute(
        request('runner.show_env'),
        context(),
      );
      expect(outcome.detail).toContain('RUNBOOK_MODE=demo');
      expect(outcome.detail).not.toContain('must-not-leak');
    } finally {
      delete process.env.AWOOOI_RUNNER_TEST_SECRET;
    }
  });

  it('never logs the output', async () => {
    const logger = mockServices.logger.mock();
    await runner.execute(
      request('runner.echo_args', { service: 'alice@example.com' }),
      { logger },
    );
    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain('runner echo_args: exit code 0');
    expect(logged).not.toContain('alice@example.com');
  });
});

describe('RunnerActionExecutor with ansible-playbook (connection: local)', () => {
  jest.setTimeout(120_000);
  let dir: string;
  let runner: RunnerActionExecutor;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'awoooi-runner-'));
    await writeFile(
      join(dir, 'note.yml'),
      [
        '- hosts: localhost',
        '  connection: local',
        '  gather_facts: false',
        '  tasks:',
        '    - name: write the note',
        '      ansible.builtin.copy:',
        '        dest: "{{ dest }}"',
        '        content: "{{ message }} for {{ awoooi_target }}\\n"',
        '',
      ].join('\n'),
    );
    runner = executor({
      playbooks: {
        note: {
          playbook: join(dir, 'note.yml'),
          risk: 'LOW',
          params: { dest: { pattern: '/[A-Za-z0-9_./-]+' }, message: {} },
        },
        absent: { playbook: join(dir, 'absent.yml') },
      },
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('dry-runs with --check --diff (nothing written), then runs with the values as extra vars', async () => {
    const dest = join(dir, 'note.txt');
    const message = `it's "fine"; $(reboot) {{ 7 * 7 }}`;
    const req = request('runner.note', { dest, message });
    const dry = await runner.dryRun(req, context());
    expect(outcomes(dry.checks)).toEqual({
      params: 'pass',
      executable: 'pass',
      check: 'pass',
    });
    const check = dry.checks[2].detail;
    expect(check).toMatch(/^ansible-playbook --check --diff: exit code 0: /);
    expect(check).toContain('changed=1');
    await expect(readFile(dest, 'utf8')).rejects.toThrow(/ENOENT/);

    const outcome = await runner.execute(req, context());
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toContain('changed=1');
    // Extra vars are data: quotes, $( ) stay text.
    expect(await readFile(dest, 'utf8')).toContain(`it's "fine"; $(reboot)`);
    expect(await readFile(dest, 'utf8')).toContain(
      'for demo:node/worker-large-01',
    );
    const again = await runner.dryRun(req, context());
    expect(again.checks[2].detail).toContain('changed=0');
    expect(again.state).toEqual(dry.state);
  });

  it('fails the dry-run for a playbook that cannot be read', async () => {
    const dry = await runner.dryRun(request('runner.absent'), context());
    expect(outcomes(dry.checks).executable).toBe('fail');
  });
});

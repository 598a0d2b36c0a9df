import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import knexFactory, { Knex } from 'knex';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  HangAt,
  proposalPipeline,
  ScriptedExecutor,
  workerFix,
} from '../__testUtils__/proposalPipeline';
import { seedCatalog } from '../__testUtils__/seedCatalog';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { ProposalStore } from '../database/ProposalStore';
import { awoooiPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SRE = { userRef: 'user:default/sre-sam', roles: ['sre' as const] };
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A migrated database that a second process can open too (SQLite in a file). */
async function sharedDatabase(id: TestDatabaseId) {
  let config: Knex.Config;
  let knex: Knex;
  if (id === 'SQLITE_3') {
    const dir = mkdtempSync(join(tmpdir(), 'awoooi-liveness-'));
    config = {
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'awoooi.sqlite') },
      useNullAsDefault: true,
    };
    knex = knexFactory(config);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => knex.destroy());
  } else {
    knex = await databases.init(id);
    config = { client: 'pg', connection: knex.client.config.connection };
  }
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@awoooi/plugin-awoooi-backend',
      'migrations',
    ),
  });
  return { knex, config };
}

/** Starts an instance in a child process that begins the fix and hangs at `hangAt`. */
async function startCrashingInstance(
  config: Knex.Config,
  hangAt: HangAt,
  timeoutMs: number,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'sucrase/register/ts',
      join(__dirname, '../__testUtils__/crashingExecution.ts'),
    ],
    {
      env: {
        ...process.env,
        AWOOOI_TEST_DATABASE: JSON.stringify(config),
        AWOOOI_TEST_HANG_AT: hangAt,
        AWOOOI_TEST_TIMEOUT_MS: String(timeoutMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data;
      if (output.includes(`hanging at ${hangAt}`)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', code =>
      reject(new Error(`instance exited early (${code}): ${output}`)),
    );
  });
  return child;
}

async function kill(child: ChildProcess) {
  const exited = new Promise(r => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Runs the reconcile task until it ends something (bounded), as the scheduler would. */
async function reconcileUntilEnded(run: () => Promise<number>, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const ended = await run();
    if (ended > 0 || Date.now() > until) return ended;
    await new Promise(r => setTimeout(r, 100));
  }
}

describe.each(databases.eachSupportedId())(
  'execution liveness on %s',
  databaseId => {
    it('aborts an execution that hangs past its time limit and ends it UNKNOWN', async () => {
      const { knex } = await sharedDatabase(databaseId);
      const executor = new ScriptedExecutor({
        hangAt: 'execution',
        timeoutMs: 300,
      });
      const { service, operationLog, notified } = await proposalPipeline(
        knex,
        executor,
      );
      const proposal = await service.propose(workerFix());

      expect(proposal.state).toBe('UNKNOWN');
      expect(proposal.reason).toMatch(
        /No outcome within 300 ms; .* may or may not have taken effect/,
      );
      expect(executor.signals[0].aborted).toBe(true);
      const audit = await operationLog.list({ proposalId: proposal.id });
      expect(audit.map(e => e.opType).reverse()).toEqual([
        'proposal_created',
        'dry_run',
        'execute_start',
        'execute_end',
      ]);
      expect(audit[0].details).toMatchObject({ ok: false, state: 'UNKNOWN' });
      expect(notified).toContain('Outcome unknown: Restart the worker');

      // The fix is free again for the incident.
      const working = await proposalPipeline(
        knex,
        new ScriptedExecutor({ hangAt: 'nowhere' }),
      );
      const again = await working.service.propose(workerFix());
      expect(again.id).not.toBe(proposal.id);
      expect(again.state).toBe('EXECUTED');
    });

    it('blocks a proposal whose executor gives no dry-run in time', async () => {
      const { knex } = await sharedDatabase(databaseId);
      const { service } = await proposalPipeline(
        knex,
        new ScriptedExecutor({ hangAt: 'dry-run', timeoutMs: 300 }),
      );
      const proposal = await service.propose(workerFix());
      expect(proposal.state).toBe('BLOCKED');
      expect(proposal.reason).toMatch(/no dry-run within 300 ms/);
    });

    it('fails an execution whose mapping no longer decrypts after a key rotation', async () => {
      const { knex } = await sharedDatabase(databaseId);
      const before = await proposalPipeline(
        knex,
        new ScriptedExecutor({ hangAt: 'nowhere' }),
        { privacyKey: 'old-key-'.repeat(5) },
      );
      await before.vault.withScope('incident-1', scope =>
        scope.redact('database at 10.1.2.3'),
      );
      const pending = await before.service.propose(
        workerFix({ risk: 'MEDIUM' }),
      );
      expect(pending.state).toBe('PENDING');

      const rotated = await proposalPipeline(
        knex,
        new ScriptedExecutor({ hangAt: 'nowhere' }),
        { privacyKey: 'new-key-'.repeat(5) },
      );
      const signed = await rotated.service.sign(pending.id, SRE, 'approve', '');

      expect(signed.state).toBe('FAILED');
      expect(signed.reason).toMatch(/could not start .*nothing was run/);
      const audit = await rotated.operationLog.list({ proposalId: pending.id });
      expect(audit.map(e => e.opType)).not.toContain('execute_start');
      expect(audit[0]).toMatchObject({
        opType: 'execute_end',
        details: { ok: false, state: 'FAILED' },
      });
      const again = await before.service.propose(workerFix({ risk: 'MEDIUM' }));
      expect(again.id).not.toBe(pending.id);
    });

    it('ends the execution of a killed instance UNKNOWN once its deadline passed, from any instance, once', async () => {
      const { knex, config } = await sharedDatabase(databaseId);
      const child = await startCrashingInstance(config, 'execution', 1000);
      await kill(child);

      const survivors = [
        await proposalPipeline(
          knex,
          new ScriptedExecutor({ hangAt: 'nowhere' }),
        ),
        await proposalPipeline(
          knex,
          new ScriptedExecutor({ hangAt: 'nowhere' }),
        ),
      ];
      const { service, store, operationLog } = survivors[0];
      const [stuck] = await store.list({});
      expect(stuck.state).toBe('EXECUTING');
      // Not before its deadline: it may still be running somewhere.
      expect(
        await service.reconcileStuckExecutions(
          new Date(Date.parse(stuck.createdAt) + 999),
        ),
      ).toBe(0);

      const ended = await reconcileUntilEnded(async () => {
        const counts = await Promise.all(
          survivors.map(s => s.service.reconcileStuckExecutions()),
        );
        return counts[0] + counts[1];
      }, 10_000);
      expect(ended).toBe(1);

      const after = (await store.get(stuck.id))!;
      expect(after.state).toBe('UNKNOWN');
      expect(after.reason).toMatch(/after the action was sent/);
      const audit = await operationLog.list({ proposalId: stuck.id });
      expect(audit.map(e => [e.opType, e.actor]).slice(0, 2)).toEqual([
        ['execute_end', 'reconcile'],
        ['execute_start', 'executor'],
      ]);
      expect(await service.reconcileStuckExecutions()).toBe(0);
      const again = await service.propose(workerFix());
      expect(again.id).not.toBe(stuck.id);
      expect(again.state).toBe('EXECUTED');
    });

    it('ends the execution of an instance killed before it sent the action FAILED', async () => {
      const { knex, config } = await sharedDatabase(databaseId);
      const child = await startCrashingInstance(
        config,
        'pre-execution-check',
        500,
      );
      await kill(child);

      const { service, store, operationLog } = await proposalPipeline(
        knex,
        new ScriptedExecutor({ hangAt: 'nowhere' }),
      );
      const [stuck] = await store.list({});
      expect(stuck.state).toBe('EXECUTING');
      expect(
        await reconcileUntilEnded(
          () => service.reconcileStuckExecutions(),
          10_000,
        ),
      ).toBe(1);

      const after = (await store.get(stuck.id))!;
      expect(after.state).toBe('FAILED');
      expect(after.reason).toMatch(
        /before the action was sent; nothing was run/,
      );
      const audit = await operationLog.list({ proposalId: stuck.id });
      expect(audit.map(e => e.opType)).not.toContain('execute_start');
      expect(audit[0]).toMatchObject({
        opType: 'execute_end',
        actor: 'reconcile',
        details: { ok: false, state: 'FAILED' },
      });
    });

    it('wires the reconcile as a global scheduled task of the backend', async () => {
      const { knex, config } = await sharedDatabase(databaseId);
      const child = await startCrashingInstance(config, 'execution', 300);
      await kill(child);
      const scheduler = mockServices.scheduler.mock();
      await startTestBackend({
        features: [
          awoooiPlugin,
          mockServices.database.factory({ knex }),
          scheduler.factory,
          catalogServiceMock.factory({ entities: seedCatalog() }),
          mockServices.rootConfig.factory({
            data: { awoooi: { privacy: { encryptionKey: 'p'.repeat(40) } } },
          }),
        ],
      });
      const [task] = scheduler.scheduleTask.mock.calls
        .map(([t]) => t)
        .filter(t => t.id === 'awoooi-execution-reconcile');
      expect(task.scope).toBe('global');

      const store = ProposalStore.create(knex);
      const [stuck] = await store.list({});
      const until = Date.now() + 10_000;
      while ((await store.get(stuck.id))!.state === 'EXECUTING') {
        if (Date.now() > until) throw new Error('still EXECUTING');
        await task.fn(new AbortController().signal);
        await new Promise(r => setTimeout(r, 100));
      }
      expect((await store.get(stuck.id))!.state).toBe('UNKNOWN');
      const [end] = await OperationLogStore.create(knex).list({
        proposalId: stuck.id,
      });
      expect(end).toMatchObject({ opType: 'execute_end', actor: 'reconcile' });
    });
  },
);

import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Knex } from 'knex';
import { migrate } from '../__testUtils__/scanDatabase';
import { readScanSettings } from '../settings';
import { ScanRunStore } from '../store/ScanRunStore';
import type { ScanContext, ScanOutcome, Scanner } from '../types';
import { ScanRunner } from './ScanRunner';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A scanner whose runs finish when the test says so. */
class GatedScanner implements Scanner {
  readonly id = 'rules' as const;
  runs: ScanContext[] = [];
  private gates: Array<(outcome: ScanOutcome | Error) => void> = [];
  run(context: ScanContext): Promise<ScanOutcome> {
    this.runs.push(context);
    return new Promise((resolve, reject) => {
      this.gates.push(o => (o instanceof Error ? reject(o) : resolve(o)));
    });
  }
  async finish(outcome: ScanOutcome | Error = { counts: { rules: 1 } }) {
    while (this.gates.length === 0) await new Promise(r => setTimeout(r, 5));
    this.gates.shift()!(outcome);
  }
}

function runnerFor(
  db: Knex,
  scanner: Scanner,
  clock: { now: Date },
  config: object = {},
) {
  return new ScanRunner({
    store: ScanRunStore.create(db),
    scanners: new Map([[scanner.id, scanner]]),
    schedules: readScanSettings(new ConfigReader(config)).schedules,
    logger: mockServices.logger.mock(),
    now: () => clock.now,
  });
}

describe.each(databases.eachSupportedId())('ScanRunner on %s', databaseId => {
  it('runs each slot of the zone cron once, across instances', async () => {
    const db = await migrate(await databases.init(databaseId));
    const scanner = new GatedScanner();
    // rules: */15 in Asia/Taipei. 10:07 UTC is 18:07 there; the slot is 10:00 UTC.
    const clock = { now: new Date('2026-11-24T10:07:00Z') };
    const a = runnerFor(db, scanner, clock);
    const b = runnerFor(db, scanner, clock);

    const first = a.runDue('rules');
    while (scanner.runs.length === 0) await new Promise(r => setTimeout(r, 5));
    const second = await b.runDue('rules'); // the other instance finds the slot taken
    expect(second).toBeUndefined();
    await scanner.finish();
    const run = await first;
    expect(run).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
      scheduledFor: '2026-11-24T10:00:00.000Z',
      counts: { rules: 1 },
    });
    expect(scanner.runs[0].now.toISOString()).toBe('2026-11-24T10:07:00.000Z');

    clock.now = new Date('2026-11-24T10:14:59Z');
    expect(await a.runDue('rules')).toBeUndefined();
    clock.now = new Date('2026-11-24T10:15:01Z');
    const next = a.runDue('rules');
    await scanner.finish({
      counts: {},
      error: "Prometheus 'main' is unreachable",
    });
    expect(await next).toMatchObject({
      status: 'failed',
      scheduledFor: '2026-11-24T10:15:00.000Z',
      error: "Prometheus 'main' is unreachable",
    });
    // A failed slot is not retried before the next one.
    expect(await b.runDue('rules')).toBeUndefined();
    expect(scanner.runs).toHaveLength(2);

    // Two instances ticking at the same moment: the database lets one run.
    clock.now = new Date('2026-11-24T10:30:00Z');
    const both = Promise.all([a.runDue('rules'), b.runDue('rules')]);
    await scanner.finish();
    const ran = (await both).filter(Boolean);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ scheduledFor: '2026-11-24T10:30:00.000Z' });
    expect(scanner.runs).toHaveLength(3);
  });

  it('honours the configured zone and runs only the latest missed slot', async () => {
    const db = await migrate(await databases.init(databaseId));
    const scanner = new GatedScanner();
    const config = {
      awoooi: {
        scans: { rules: { cron: '0 2 * * *', timeZone: 'America/New_York' } },
      },
    };
    // Down for three days: one run, for the latest 02:00 New York slot.
    const clock = { now: new Date('2026-11-24T12:00:00Z') };
    const runner = runnerFor(db, scanner, clock, config);
    const due = runner.runDue('rules');
    await scanner.finish();
    expect((await due)?.scheduledFor).toBe('2026-11-24T07:00:00.000Z');
    clock.now = new Date('2026-11-25T06:59:00Z');
    expect(await runner.runDue('rules')).toBeUndefined();
  });

  it('answers 409 while a run is going, from the database alone', async () => {
    const db = await migrate(await databases.init(databaseId));
    const scanner = new GatedScanner();
    const clock = { now: new Date('2026-11-24T10:07:00Z') };
    const a = runnerFor(db, scanner, clock);
    const b = runnerFor(db, scanner, clock);

    const manual = await a.startManual('rules', 'user:default/alice');
    expect(manual).toMatchObject({
      status: 'running',
      trigger: 'manual',
      triggeredBy: 'user:default/alice',
    });
    await expect(
      b.startManual('rules', 'user:default/bob'),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        new RegExp(
          `^Scanner 'rules' is already running \\(run ${manual.id}, started `,
        ),
      ),
    });
    // A scheduled tick meanwhile leaves its slot for later.
    expect(await b.runDue('rules')).toBeUndefined();
    await scanner.finish();
    await a.idle();
    expect(await ScanRunStore.create(db).get(manual.id)).toMatchObject({
      status: 'succeeded',
    });
    const slot = b.runDue('rules');
    await scanner.finish();
    expect(await slot).toMatchObject({
      status: 'succeeded',
      scheduledFor: '2026-11-24T10:00:00.000Z',
    });
    await expect(
      a.startManual('nope', 'user:default/alice'),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('records thrown errors, and reclaims a run its instance abandoned', async () => {
    const db = await migrate(await databases.init(databaseId));
    const scanner = new GatedScanner();
    const clock = { now: new Date() };
    const runner = runnerFor(db, scanner, clock);
    const run = await runner.startManual('rules', 'user:default/alice');
    await scanner.finish(new Error('boom'));
    await runner.idle();
    expect(await ScanRunStore.create(db).get(run.id)).toMatchObject({
      status: 'failed',
      error: 'boom',
    });

    // A run left "running" by a crashed instance, started long before the timeout.
    const store = ScanRunStore.create(db);
    const stale = await store.claim({
      scanId: 'rules',
      trigger: 'manual',
      staleBefore: new Date(0),
    });
    await db('scan_runs')
      .where({ id: stale!.id })
      .update({ started_at: new Date(Date.now() - 3_600_000).toISOString() });
    // Not shown as running any more, and no obstacle to a new run.
    expect(await store.running('rules')).toMatchObject({ id: stale!.id });
    expect(await runner.running('rules')).toBeUndefined();
    const fresh = await runner.startManual('rules', 'user:default/alice');
    expect(await store.get(stale!.id)).toMatchObject({
      status: 'failed',
      error:
        'Abandoned: the run did not finish within its timeout (its backend instance stopped or hung)',
    });
    await scanner.finish();
    await runner.idle();
    expect(await store.get(fresh.id)).toMatchObject({ status: 'succeeded' });
  });

  it('fails a run that exceeds its timeout', async () => {
    const db = await migrate(await databases.init(databaseId));
    const slow: Scanner = {
      id: 'rules',
      run: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    };
    const runner = runnerFor(
      db,
      slow,
      { now: new Date() },
      { awoooi: { scans: { rules: { timeout: { milliseconds: 200 } } } } },
    );
    const run = await runner.startManual('rules', 'user:default/alice');
    await runner.idle();
    expect(await ScanRunStore.create(db).get(run.id)).toMatchObject({
      status: 'failed',
      error: 'Timed out after 200 ms (awoooi.scans.rules.timeout)',
    });
  });
});

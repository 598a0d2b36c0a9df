import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { UsageError } from '../usage';
import { parseWindow, runCorrelate } from './correlate';

const ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(ROOT, 'examples');
const BIN = path.join(ROOT, 'packages/cli/bin/awoooi');

function webhook(
  alerts: Array<
    [fingerprint: string, labels: Record<string, string>, minute: number]
  >,
) {
  return {
    version: '4',
    status: 'firing',
    receiver: 'awoooi',
    groupKey: '{}:{}',
    alerts: alerts.map(([fingerprint, labels, minute]) => ({
      status: 'firing',
      labels: { alertname: 'Alert', ...labels },
      annotations: {},
      startsAt: new Date(Date.UTC(2026, 10, 29, 3, minute)).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint,
    })),
  };
}

describe('awoooi correlate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-correlate-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  async function run(payload: unknown, extra: Record<string, string> = {}) {
    const file = path.join(dir, 'alerts.json');
    await fs.writeFile(file, JSON.stringify(payload));
    const out = await runCorrelate({
      catalog: EXAMPLES,
      alerts: file,
      json: true,
      ...extra,
    });
    return JSON.parse(out).incidents;
  }

  it('turns a payments-db outage over the demo catalog into one incident', async () => {
    // The storm of the demo: payments-db and the four entities above it.
    const incidents = await run(
      webhook([
        ['f1', { service: 'payments-db' }, 0],
        ['f2', { service: 'payment-service' }, 1],
        ['f3', { service: 'order-api' }, 1],
        ['f4', { service: 'frontend' }, 2],
        ['f5', { service: 'ingress' }, 2],
        ['f6', { namespace: 'data', deployment: 'payments-db' }, 3],
      ]),
    );
    expect(incidents).toEqual([
      {
        rootCause: 'resource:default/payments-db',
        entities: [
          'component:default/frontend',
          'component:default/ingress',
          'component:default/order-api',
          'component:default/payment-service',
          'resource:default/payments-db',
        ],
        alerts: ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'],
      },
    ]);
  });

  it('reads an array of webhooks, counts a re-sent alert once and keeps unmapped alerts apart', async () => {
    const first = webhook([
      ['db', { service: 'postgres-db' }, 0],
      ['lost-1', { service: 'not-in-the-catalog' }, 0],
    ]);
    const second = webhook([
      ['db', { service: 'postgres-db' }, 0],
      ['auth', { backstage_entity: 'component:default/auth-service' }, 4],
      ['lost-2', { job: 'unknown-job' }, 4],
    ]);
    const incidents = await run([first, second]);
    expect(incidents).toEqual([
      {
        rootCause: 'resource:default/postgres-db',
        entities: [
          'component:default/auth-service',
          'resource:default/postgres-db',
        ],
        alerts: ['db', 'auth'],
      },
      { rootCause: null, entities: [], alerts: ['lost-1'] },
      { rootCause: null, entities: [], alerts: ['lost-2'] },
    ]);
  });

  it('honours --window and --max-depth', async () => {
    const storm = webhook([
      ['db', { service: 'postgres-db' }, 0],
      ['ingress', { service: 'ingress' }, 5],
    ]);
    // ingress → frontend → auth-service → postgres-db: 3 hops.
    expect(await run(storm)).toHaveLength(1);
    expect(await run(storm, { maxDepth: '2' })).toHaveLength(2);
    expect(await run(storm, { window: '4m' })).toHaveLength(2);
    expect(await run(storm, { window: 'PT5M' })).toHaveLength(1);
  });

  it('parses durations like Backstage config and rejects others as usage errors', () => {
    expect(parseWindow(undefined)).toBe(600_000);
    expect(parseWindow('90s')).toBe(90_000);
    expect(parseWindow('PT2M')).toBe(120_000);
    expect(() => parseWindow('soon')).toThrow(UsageError);
  });

  it('exits 0, 1 and 2 from the real binary', async () => {
    const good = path.join(dir, 'good.json');
    await fs.writeFile(
      good,
      JSON.stringify(webhook([['x', { service: 'frontend' }, 0]])),
    );
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, JSON.stringify({ version: '4' }));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'correlate', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const ok = cli('--catalog', EXAMPLES, '--alerts', good, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).incidents[0].rootCause).toBe(
      'component:default/frontend',
    );
    const bad = cli('--catalog', EXAMPLES, '--alerts', broken);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/webhook 1 has no "alerts" list/);
    expect(cli('--catalog', EXAMPLES).status).toBe(2);
    expect(
      cli('--catalog', EXAMPLES, '--alerts', good, '--window', 'x').status,
    ).toBe(2);
  }, 120_000);
});

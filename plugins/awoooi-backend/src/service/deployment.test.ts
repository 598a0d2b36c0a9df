import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import type { JsonObject } from '@backstage/types';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import request from 'supertest';
import eventsModuleAwoooiIngress from '@awoooi/plugin-events-backend-module-awoooi';
import { awoooiPlugin } from '../plugin';
import { LogRecorder } from '../__testUtils__/logRecorder';
import { alertmanagerPayload, seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const SERVICE = mockCredentials.service.header();
const GOOD = { encryptionKey: 'g'.repeat(40) };

async function start(awoooi: JsonObject | undefined, extra: any[] = []) {
  const knex = await databases.init('SQLITE_3');
  const logs = new LogRecorder();
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      logs.rootLoggerFactory(),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({ data: awoooi ? { awoooi } : {} }),
      ...extra,
    ],
  });
  return { server, knex, logs };
}

/** Runs `fn` with NODE_ENV set, as the backend reads it at start. */
async function withNodeEnv<T>(env: string, fn: () => Promise<T>) {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = env;
  try {
    return await fn();
  } finally {
    process.env.NODE_ENV = before;
  }
}

/** The `${VAR:-default}` secrets committed in the repository's app-config.yaml. */
function committedDefaults(): Record<string, string> {
  const text = readFileSync(
    resolve(__dirname, '../../../../app-config.yaml'),
    'utf8',
  );
  const found: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/\$\{(\w+):-([^}]+)\}/g))
    found[name] = value;
  return found;
}

describe('production', () => {
  const defaults = committedDefaults();

  it.each([
    [
      'the committed ingest secret',
      {
        ingest: { sharedSecret: defaults.AWOOOI_INGEST_SECRET },
        privacy: GOOD,
      },
      /awoooi.ingest.sharedSecret is a committed development default/,
    ],
    [
      'the committed privacy key',
      {
        ingest: { sharedSecret: 'a-real-secret' },
        privacy: { encryptionKey: defaults.AWOOOI_PRIVACY_KEY },
      },
      /awoooi.privacy.encryptionKey is a committed development default/,
    ],
    [
      'a privacy key under 32 characters',
      { privacy: { encryptionKey: 'short-key-of-31-characters-long' } },
      /awoooi.privacy.encryptionKey is shorter than 32 characters/,
    ],
  ])('refuses to start with %s', async (_what, awoooi, message) => {
    expect(defaults.AWOOOI_INGEST_SECRET).toBeDefined();
    expect(defaults.AWOOOI_PRIVACY_KEY).toBeDefined();
    await expect(
      withNodeEnv('production', () => start(awoooi)),
    ).rejects.toThrow(message);
  });

  it('starts with the committed defaults outside production', async () => {
    const { server } = await withNodeEnv('development', () =>
      start({
        ingest: { sharedSecret: defaults.AWOOOI_INGEST_SECRET },
        privacy: { encryptionKey: defaults.AWOOOI_PRIVACY_KEY },
      }),
    );
    const health = await request(server).get('/api/awoooi/health');
    expect(health.status).toBe(200);
  });

  it('answers errors without a stack, and a 500 without its internals', async () => {
    const { server, knex, logs } = await withNodeEnv('production', () =>
      start({ ingest: { sharedSecret: 'a-real-secret' }, privacy: GOOD }),
    );
    const bad = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', 'a-real-secret')
      .send({ version: '4' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Invalid Alertmanager webhook/);
    await knex.destroy();
    const down = await request(server)
      .get('/api/awoooi/incidents')
      .set('authorization', SERVICE);
    expect(down.status).toBe(500);
    expect(down.body.error.message).toBe(
      'Internal error; details are in the AWOOOI backend log',
    );
    for (const body of [bad.body, down.body]) {
      expect(JSON.stringify(body)).not.toMatch(/stack|\bat .*\.js:\d+|select/i);
    }
    expect(logs.lines.some(l => /GET \/incidents failed/.test(l))).toBe(true);
  });

  it('shows stacks in development only, where Backstage’s error handler adds them', async () => {
    const { server } = await withNodeEnv('development', () =>
      start({ ingest: { sharedSecret: 'a-real-secret' }, privacy: GOOD }),
    );
    const bad = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', 'a-real-secret')
      .send({ version: '4' });
    expect(bad.body.error.stack).toMatch(/InputError/);
  });
});

describe('an adopter who configured nothing', () => {
  it('starts, names each missing key once, and answers 503 where a key is needed', async () => {
    const { server, logs } = await start(undefined);
    const warnings = logs.lines.filter(l => /is not configured/.test(l));
    expect(warnings).toEqual([
      expect.stringMatching(/awoooi.roles is not configured/),
      expect.stringMatching(/awoooi.ingest.sharedSecret is not configured/),
      expect.stringMatching(/awoooi.privacy.encryptionKey is not configured/),
    ]);

    await request(server).get('/api/awoooi/health').expect(200);
    await request(server).get('/api/awoooi/incidents').expect(200);
    const me = await request(server).get('/api/awoooi/me').expect(200);
    expect(me.body.roles).toEqual([]);

    const alerts = alertmanagerPayload([
      {
        alertname: 'HighErrorRate',
        fingerprint: 'fe',
        labels: { service: 'frontend', namespace: 'shop' },
      },
    ]);
    const bySecret = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', 'guess')
      .send(alerts);
    expect(bySecret.status).toBe(503);
    expect(bySecret.body.error.message).toMatch(
      /sharedSecret is not configured/,
    );
    await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('authorization', SERVICE)
      .send(alerts)
      .expect(202);

    const approve = await request(server)
      .post('/api/awoooi/proposals/any-id/approve')
      .send({});
    expect(approve.status).toBe(503);
    expect(approve.body.error.message).toMatch(
      /awoooi.roles is not configured/,
    );
    const reject = await request(server)
      .post('/api/awoooi/proposals/any-id/reject')
      .send({});
    expect(reject.status).toBe(503);
  });

  it('answers 503 on the events ingress, which has no secret to check', async () => {
    const { server } = await start(undefined, [
      eventsPlugin,
      eventsModuleAwoooiIngress,
    ]);
    const res = await request(server)
      .post('/api/events/http/awoooi.alertmanager')
      .set('x-awoooi-token', 'guess')
      .send(alertmanagerPayload([{ alertname: 'A', fingerprint: 'a' }]));
    expect(res.status).toBe(503);
    expect(JSON.stringify(res.body)).toMatch(/sharedSecret is not configured/);
  });

  it('approves only with a privacy key, as approving may execute with rehydrated parameters', async () => {
    const { server } = await start({ roles: { sre: ['user:default/mock'] } });
    const approve = await request(server)
      .post('/api/awoooi/proposals/any-id/approve')
      .send({});
    expect(approve.status).toBe(503);
    expect(approve.body.error.message).toMatch(
      /awoooi.privacy.encryptionKey is not configured/,
    );
    // Rejecting executes nothing: the missing proposal is the answer.
    await request(server)
      .post('/api/awoooi/proposals/any-id/reject')
      .send({})
      .expect(404);
  });
});

describe('/metrics', () => {
  it('needs a Backstage token unless awoooi.metrics.public is set', async () => {
    const closed = await start({ privacy: GOOD });
    await request(closed.server)
      .get('/api/awoooi/metrics')
      .set('authorization', mockCredentials.none.header())
      .expect(401);
    const scraped = await request(closed.server)
      .get('/api/awoooi/metrics')
      .set('authorization', SERVICE);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('awoooi_alerts_received_total');

    const open = await start({ privacy: GOOD, metrics: { public: true } });
    await request(open.server)
      .get('/api/awoooi/metrics')
      .set('authorization', mockCredentials.none.header())
      .expect(200);
  });
});

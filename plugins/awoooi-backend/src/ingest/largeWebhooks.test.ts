import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { alertmanagerPayload, seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'large-webhook-secret';

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            ingest: { sharedSecret: SECRET, bodyLimit: '16mb' },
            privacy: { encryptionKey: 'l'.repeat(40) },
          },
        },
      }),
    ],
  });
  const send = (body: unknown) =>
    request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', SECRET)
      .send(body as object);
  return { knex, send };
}

/**
 * `n` alerts: a tenth on the frontend in five groups (one outage, so one
 * correlated incident), the rest on unknown hosts.
 */
function manyAlerts(n: number, status: 'firing' | 'resolved' = 'firing') {
  return alertmanagerPayload(
    Array.from({ length: n }, (_, i) => ({
      alertname: `Bulk${Math.floor(i / 10) % 5}`,
      status,
      fingerprint: `bulk-${i}`,
      labels: (i % 10 === 0
        ? { service: 'frontend', namespace: 'shop', pod: `fe-${i}` }
        : { host: `host-${i}` }) as Record<string, string>,
    })),
  );
}

async function count(knex: Knex, table: string, where: object = {}) {
  return Number((await knex(table).where(where).count({ n: '*' }))[0].n);
}

describe.each(databases.eachSupportedId())('webhooks on %s', databaseId => {
  it.each([5_000, 20_000])(
    'stores all %i alerts of one webhook, and a re-send changes nothing',
    async n => {
      const { knex, send } = await start(databaseId);
      const first = await send(manyAlerts(n));
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({
        received: n,
        created: n,
        unmapped: n - n / 10,
      });
      expect(first.body.incidentsOpened).toHaveLength(1);
      expect(await count(knex, 'alerts')).toBe(n);

      const before = await knex('alerts').max({ at: 'updated_at' });
      const again = await send(manyAlerts(n));
      expect(again.body).toMatchObject({
        unchanged: n,
        created: 0,
        updated: 0,
      });
      expect(await knex('alerts').max({ at: 'updated_at' })).toEqual(before);

      const resolved = await send(manyAlerts(n, 'resolved'));
      expect(resolved.status).toBe(202);
      expect(resolved.body).toMatchObject({ updated: n });
      expect(resolved.body.incidentsResolved).toHaveLength(1);
      expect(await count(knex, 'alerts', { status: 'firing' })).toBe(0);
    },
  );

  it('takes an empty alert list as a no-op', async () => {
    const { knex, send } = await start(databaseId);
    const res = await send(alertmanagerPayload([]));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ received: 0, created: 0 });
    expect(await count(knex, 'alerts')).toBe(0);
  });

  it('maps unknown severities, prototype names included, to warning', async () => {
    const { knex, send } = await start(databaseId);
    const words = [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'loud',
    ];
    const res = await send(
      alertmanagerPayload(
        words.map(severity => ({
          alertname: `Sev-${severity}`,
          severity,
          fingerprint: `sev-${severity}`,
          labels: { service: 'frontend', namespace: 'shop' },
        })),
      ),
    );
    expect(res.status).toBe(202);
    const rows = await knex('alerts').select('severity');
    expect(rows.map(r => r.severity)).toEqual(words.map(() => 'warning'));
    // One entity, one moment: one correlated incident.
    const incidents = await knex('incidents').select('severity');
    expect(incidents.map(r => r.severity)).toEqual(['warning']);
  });

  it('stores alert names, titles and labels of any length whole', async () => {
    const { knex, send } = await start(databaseId);
    const alertname = `VeryLong${'x'.repeat(2_000)}`;
    const huge = 'y'.repeat(200_000);
    const payload = alertmanagerPayload([
      {
        alertname,
        fingerprint: 'long-1',
        summary: huge,
        labels: { service: 'frontend', namespace: 'shop', detail: huge },
      },
      {
        alertname: `${alertname}-2`,
        fingerprint: 'long-2',
        labels: { service: 'frontend', namespace: 'shop' },
      },
    ]);
    const res = await send(payload);
    expect(res.status).toBe(202);
    expect(res.body.incidentsOpened).toHaveLength(1);
    const alert = await knex('alerts')
      .where('fingerprint', 'am:long-1')
      .first();
    expect(alert.group_key).toBe(alertname);
    expect(alert.title).toBe(huge);
    expect(JSON.parse(alert.labels).detail).toBe(huge);
    const incident = await knex('incidents')
      .where('group_key', alertname)
      .first();
    expect(incident.state).toBe('open');
    expect((await send(payload)).body).toMatchObject({ unchanged: 2 });
  });

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const { knex, send } = await start(databaseId);
    const res = await send(
      alertmanagerPayload([
        { alertname: 'Big', fingerprint: 'big', summary: 'z'.repeat(17e6) },
      ]),
    );
    expect(res.status).toBe(413);
    expect(await count(knex, 'alerts')).toBe(0);
  });

  it('answers 5xx while the database is down, so Alertmanager retries', async () => {
    const { knex, send } = await start(databaseId);
    await knex.destroy();
    const res = await send(manyAlerts(10));
    expect(res.status).toBeGreaterThanOrEqual(500);
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { alertmanagerPayload, seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const SECRET = 'alert-senders-test-secret';
const FRANK = 'user:default/dev-frank';

const firing = alertmanagerPayload([
  {
    alertname: 'HighErrorRate',
    fingerprint: 'fe-5xx',
    labels: { service: 'frontend', namespace: 'shop' },
  },
]);

async function start(awoooi: JsonObject) {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            privacy: { encryptionKey: 's'.repeat(40) },
            ...awoooi,
          },
        },
      }),
    ],
  });
  return { server, knex };
}

async function count(knex: Knex, table: string) {
  return Number((await knex(table).count({ n: '*' }))[0].n);
}

describe('who may send alerts', () => {
  it('refuses a person, even one with a valid token, and changes nothing', async () => {
    const { server, knex } = await start({ ingest: { sharedSecret: SECRET } });
    for (const path of ['alertmanager', 'webhook']) {
      const res = await request(server)
        .post(`/api/awoooi/alerts/${path}`)
        .set('authorization', mockCredentials.user.header(FRANK))
        .send(path === 'webhook' ? { title: 'Hi', severity: 'info' } : firing);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/not from a person/);
    }
    // Checked before the body is read: a person's oversized body is a 403 too.
    const big = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('authorization', mockCredentials.user.header(FRANK))
      .send({ ...firing, padding: 'p'.repeat(6e6) });
    expect(big.status).toBe(403);
    expect(await count(knex, 'alerts')).toBe(0);
    expect(await count(knex, 'incidents')).toBe(0);
  });

  it('does not let a person resolve a real outage with its fingerprint', async () => {
    const { server, knex } = await start({ ingest: { sharedSecret: SECRET } });
    await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', SECRET)
      .send(firing)
      .expect(202);
    const resolved = alertmanagerPayload([
      {
        alertname: 'HighErrorRate',
        status: 'resolved',
        fingerprint: 'fe-5xx',
        labels: { service: 'frontend', namespace: 'shop' },
      },
    ]);
    const res = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('authorization', mockCredentials.user.header(FRANK))
      .send(resolved);
    expect(res.status).toBe(403);
    const [incident] = await knex('incidents');
    expect(incident.state).toBe('open');
    expect((await knex('alerts').first()).status).toBe('firing');
  });

  it('accepts the secret and service principals, limited to allowedServices when set', async () => {
    const { server } = await start({
      ingest: { sharedSecret: SECRET, allowedServices: ['plugin:events'] },
    });
    const as = (subject: string) =>
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(subject),
        targetPluginId: 'awoooi',
      });
    const send = (headers: Record<string, string>) => {
      const req = request(server).post('/api/awoooi/alerts/alertmanager');
      for (const [k, v] of Object.entries(headers)) req.set(k, v);
      return req.send(firing);
    };
    expect((await send({ 'x-awoooi-token': SECRET })).status).toBe(202);
    expect((await send({ authorization: `Bearer ${SECRET}` })).status).toBe(
      202,
    );
    expect((await send({ authorization: as('plugin:events') })).status).toBe(
      202,
    );
    const other = await send({ authorization: as('plugin:catalog') });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/allowedServices/);
    expect((await send({ 'x-awoooi-token': 'wrong' })).status).toBe(401);
    expect((await send({ authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('answers 503 with the reason when the ingest secret is not configured', async () => {
    const { server } = await start({});
    const res = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', 'anything')
      .send(firing);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(
      /awoooi.ingest.sharedSecret is not configured/,
    );
  });
});

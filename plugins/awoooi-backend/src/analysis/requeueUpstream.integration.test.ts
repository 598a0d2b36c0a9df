import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { alertmanagerPayload } from '../__testUtils__/seedCatalog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'requeue-test-secret';

const component = (name: string, dependsOn: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { type: 'service', owner: 'team', dependsOn },
});
const resource = (name: string, type: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name },
  spec: { type, owner: 'team' },
});

/**
 * frontend → api → orders-db (a chain), and svc-a, svc-b that each depend
 * on both sessions-db and a cache: incidents on the database and the cache
 * list each other's members upstream, while neither analysis can name the
 * other's root cause (each sees only what lies below its own target).
 */
const catalog = [
  component('frontend', ['component:api']),
  component('api', ['resource:orders-db']),
  resource('orders-db', 'database'),
  component('svc-a', ['resource:sessions-db', 'resource:cache']),
  component('svc-b', ['resource:sessions-db', 'resource:cache']),
  resource('sessions-db', 'database'),
  resource('cache', 'cache'),
];

async function send(
  server: any,
  alerts: Array<{ entity: string; name: string; minute: number }>,
) {
  await request(server)
    .post('/api/awoooi/alerts/alertmanager')
    .set('x-awoooi-token', SECRET)
    .send(
      alertmanagerPayload(
        alerts.map(a => ({
          alertname: a.name,
          fingerprint: `${a.entity}-${a.name}`,
          labels: { backstage_entity: a.entity },
          startsAt: new Date(
            Date.parse('2026-11-24T03:00:00Z') + a.minute * 60_000,
          ).toISOString(),
        })),
      ),
    )
    .expect(202);
}

/** Waits until no analysis is pending or running; returns the incidents. */
async function settled(knex: Knex) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const busy = await knex('incidents')
      .whereIn('analysis_state', ['pending', 'running'])
      .count({ n: '*' });
    if (Number(busy[0].n) === 0) break;
    if (Date.now() > deadline) throw new Error('analyses never settle');
    await new Promise(r => setTimeout(r, 50));
  }
  // A re-queue happens right after an analysis is stored: look again.
  await new Promise(r => setTimeout(r, 300));
  const again = await knex('incidents')
    .whereIn('analysis_state', ['pending', 'running'])
    .count({ n: '*' });
  if (Number(again[0].n) > 0) return settled(knex);
  return knex('incidents').select('id', 'entity_ref', 'analysis_version');
}

async function rootCausesOf(knex: Knex, incidentId: string) {
  const row = await knex('incident_analyses')
    .where('incident_id', incidentId)
    .first('root_causes');
  return JSON.parse(row.root_causes).map(
    (c: { entityRef: string }) => c.entityRef,
  );
}

describe.each(databases.eachSupportedId())(
  'analyses of upstream incidents on %s',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          awoooiPlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: catalog }),
          mockServices.rootConfig.factory({
            data: {
              awoooi: {
                ingest: { sharedSecret: SECRET },
                privacy: { encryptionKey: 'r'.repeat(40) },
              },
            },
          }),
        ],
      });
      return { knex, server };
    }

    it('analyses an upstream incident again once a cause below it alerts later', async () => {
      const { knex, server } = await start();
      await send(server, [
        { entity: 'component:default/frontend', name: 'Slow', minute: 0 },
      ]);
      await settled(knex);
      // Half an hour later: an incident of its own, below the frontend.
      await send(server, [
        { entity: 'resource:default/orders-db', name: 'Down', minute: 30 },
      ]);
      const incidents = await settled(knex);
      const frontend = incidents.find(
        i => i.entity_ref === 'component:default/frontend',
      )!;
      expect(await rootCausesOf(knex, frontend.id)).toContain(
        'resource:default/orders-db',
      );
    });

    it('settles when two incidents list each other upstream but cannot name each other', async () => {
      const { knex, server } = await start();
      await send(server, [
        { entity: 'resource:default/sessions-db', name: 'Down', minute: 0 },
        { entity: 'component:default/svc-a', name: 'Errors', minute: 1 },
      ]);
      await settled(knex);
      await send(server, [
        { entity: 'resource:default/cache', name: 'Evictions', minute: 30 },
        { entity: 'component:default/svc-b', name: 'Errors', minute: 31 },
      ]);
      const incidents = await settled(knex);
      expect(incidents.map(i => i.entity_ref).sort()).toEqual([
        'resource:default/cache',
        'resource:default/sessions-db',
      ]);
      // A few analyses each, not an endless exchange of re-queues.
      for (const i of incidents) expect(i.analysis_version).toBeLessThan(10);
    });
  },
);

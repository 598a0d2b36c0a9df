import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { KubeTestServer } from '@internal/kube-test-server';
import request from 'supertest';
import { awoooiPlugin } from './plugin';
import {
  raiseIncidentWithProposal,
  startApprovalBackend,
  startKube,
} from './__testUtils__/approvalBackend';
import {
  EditableCatalog,
  editableCatalogFactory,
} from './__testUtils__/editableCatalog';
import { alertmanagerPayload, seedCatalog } from './__testUtils__/seedCatalog';
import { createTestDatabases } from '@internal/awoooi-test-utils';
import { testScheduler } from './__testUtils__/testScheduler';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SECRET = 'scheduled-tasks-secret';
const REDIS = 'resource:default/redis-cache';

/**
 * The plugin's scheduled tasks, run through the scheduler they registered
 * with. Backstage's test scheduler never starts a task that has an initial
 * delay, so each test triggers the task by its id, as the scheduler would
 * once the delay passed.
 */
describe.each(databases.eachSupportedId())('scheduled tasks on %s', id => {
  it('the catalog refresh maps alerts that arrived before their entity', async () => {
    const catalog = new EditableCatalog(
      seedCatalog().filter(e => e.metadata.name !== 'redis-cache'),
    );
    const { scheduler, factory } = testScheduler();
    const { server } = await startTestBackend({
      features: [
        awoooiPlugin,
        factory,
        editableCatalogFactory(catalog),
        mockServices.database.factory({ knex: await databases.init(id) }),
        mockServices.rootConfig.factory({
          data: {
            awoooi: {
              ingest: { sharedSecret: SECRET },
              privacy: { encryptionKey: 's'.repeat(40) },
            },
          },
        }),
      ],
    });
    const sent = await request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', SECRET)
      .send(
        alertmanagerPayload([
          {
            alertname: 'RedisEvictions',
            fingerprint: 'redis-1',
            labels: { service: 'redis' },
          },
        ]),
      );
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ unmapped: 1, incidentsOpened: [] });
    const unmapped = async () =>
      (await request(server).get('/api/awoooi/alerts/unmapped')).body.items;
    const redisIncidents = async () =>
      (
        await request(server).get('/api/awoooi/incidents').query({
          entityRef: REDIS,
        })
      ).body.items;

    // The cache entity joins the catalog; nothing changes until the task runs.
    catalog.set(seedCatalog());
    expect(await unmapped()).toHaveLength(1);
    await scheduler.triggerTask('awoooi-catalog-graph-refresh');

    expect(await unmapped()).toEqual([]);
    expect(await redisIncidents()).toEqual([
      expect.objectContaining({ groupKey: 'RedisEvictions', state: 'open' }),
    ]);
  });

  describe('with the cluster simulator', () => {
    let kube: KubeTestServer;
    beforeAll(async () => {
      kube = await startKube();
    });
    afterAll(async () => {
      await kube?.close();
    });

    it('the expiry task expires a proposal nobody signed in time', async () => {
      const { scheduler, factory } = testScheduler();
      const server = await startApprovalBackend(
        await databases.init(id),
        kube,
        { approval: { expiry: { seconds: 1 } } },
        { features: [factory] },
      );
      const { proposal } = await raiseIncidentWithProposal(server, 'exp');
      const state = async () =>
        (await request(server).get(`/api/awoooi/proposals/${proposal.id}`)).body
          .state;
      expect(proposal.state).toBe('PENDING');
      await new Promise(r => setTimeout(r, 1_100));
      // Past its expiry, but only the task moves it.
      expect(await state()).toBe('PENDING');
      await scheduler.triggerTask('awoooi-proposal-expiry');
      expect(await state()).toBe('EXPIRED');
    });
  });
});

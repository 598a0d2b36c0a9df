import { TestDatabases } from '@backstage/backend-test-utils';
import type { KubeTestServer } from '@internal/kube-test-server';
import request from 'supertest';
import {
  as,
  DEVOPS,
  raiseIncidentWithProposal,
  SRE,
  startApprovalBackend,
  startKube,
} from '../__testUtils__/approvalBackend';
import { seedCatalog } from '../__testUtils__/seedCatalog';
import { visibilityCatalogFactory } from '@internal/awoooi-test-utils';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'signing and proposing need read access to the entity on %s',
  databaseId => {
    let kube: KubeTestServer;
    beforeEach(async () => {
      kube = await startKube();
    });
    afterEach(async () => {
      await kube.close();
    });

    async function start(hidden: Record<string, string[]>) {
      const knex = await databases.init(databaseId);
      const server = await startApprovalBackend(
        knex,
        kube,
        {},
        { catalog: visibilityCatalogFactory(seedCatalog(), hidden) },
      );
      return { knex, server };
    }

    it('answers 404 to an approver who cannot read the proposal’s entity, and records nothing', async () => {
      const { server } = await start({
        [DEVOPS]: ['resource:default/postgres-db'],
      });
      const { proposal } = await raiseIncidentWithProposal(server, 'v');
      expect(proposal.entityRef).toBe('resource:default/postgres-db');

      for (const decision of ['approve', 'reject']) {
        const res = await request(server)
          .post(`/api/awoooi/proposals/${proposal.id}/${decision}`)
          .set('authorization', as(DEVOPS))
          .send({ comment: 'blind' });
        expect(res.status).toBe(404);
      }
      const after = await request(server)
        .get(`/api/awoooi/proposals/${proposal.id}`)
        .set('authorization', as(SRE[0]));
      expect(after.body).toMatchObject({ state: 'PENDING', signatures: [] });

      const allowed = await request(server)
        .post(`/api/awoooi/proposals/${proposal.id}/approve`)
        .set('authorization', as(SRE[0]))
        .send({ comment: 'seen' });
      expect(allowed.status).toBe(200);
      expect(allowed.body.signatures).toHaveLength(1);
    });

    it('answers 404 to a FinOps proposal for an entity the caller cannot read', async () => {
      const { knex, server } = await start({
        [DEVOPS]: ['component:default/order-api'],
      });
      const now = new Date().toISOString();
      // A recommendation as a FinOps scan leaves it.
      await knex('finops_recommendation').insert({
        id: 'rec-order-api',
        cluster: 'sim',
        kind: 'zombie_pods',
        resource: 'deployment/shop/order-api',
        entity_ref: 'component:default/order-api',
        monthly_cost: 42,
        realizable: false,
        risk: 'MEDIUM',
        action: 'scale_deployment',
        params: JSON.stringify({ replicas: 1 }),
        detail: '2 of 3 pods of order-api idle for 7 days',
        status: 'open',
        first_seen_at: now,
        last_seen_at: now,
        last_run_id: 1,
      });
      const propose = (user: string) =>
        request(server)
          .post('/api/awoooi/finops/recommendations/rec-order-api/propose')
          .set('authorization', as(user))
          .send({});

      expect((await propose(DEVOPS)).status).toBe(404);
      expect(Number((await knex('proposals').count({ n: '*' }))[0].n)).toBe(0);

      const allowed = await propose(SRE[0]);
      expect(allowed.status).toBe(201);
      expect(allowed.body.entityRef).toBe('component:default/order-api');
    });
  },
);

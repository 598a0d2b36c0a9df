import { TestDatabases } from '@backstage/backend-test-utils';
import type { KubeTestServer } from '@internal/kube-test-server';
import request from 'supertest';
import {
  as,
  DEVOPS,
  raiseIncidentWithProposal,
  SECRET,
  SRE,
  startApprovalBackend,
  startKube,
} from '../__testUtils__/approvalBackend';
import { alertmanagerPayload } from '../__testUtils__/seedCatalog';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

async function waitFor<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + 20_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 50));
  }
}

describe.each(databases.eachSupportedId())(
  'one fix per target on %s',
  databaseId => {
    let kube: KubeTestServer;
    beforeEach(async () => {
      kube = await startKube();
    });
    afterEach(() => kube.close());

    it('links a second incident that needs the same fix to the open proposal; one signing serves both', async () => {
      const knex = await databases.init(databaseId);
      const server = await startApprovalBackend(knex, kube);
      const first = await raiseIncidentWithProposal(server, 'a');
      expect(first.proposal).toMatchObject({
        action: 'rollout_restart',
        target: 'deployment/data/postgres-db',
        state: 'PENDING',
      });

      // Half an hour later order-api alerts: outside the correlation window,
      // so a separate incident, whose cause is the same still-failing database.
      await request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('x-awoooi-token', SECRET)
        .send(
          alertmanagerPayload([
            {
              alertname: 'OrdersSlow',
              fingerprint: 'orders-slow',
              labels: { service: 'order-api' },
              startsAt: '2026-11-24T03:30:00.000Z',
            },
          ]),
        )
        .expect(202);
      const second = await waitFor(async () => {
        const { body } = await request(server)
          .get('/api/awoooi/incidents')
          .query({ entityRef: 'component:default/order-api', state: 'open' });
        const incident = body.items.find(
          (i: any) => i.groupKey === 'OrdersSlow',
        );
        if (incident?.analysisState !== 'done') return undefined;
        const details = (
          await request(server).get(`/api/awoooi/incidents/${incident.id}`)
        ).body;
        return details.proposals.length ? details : undefined;
      });
      expect(second.incident.id).not.toBe(first.incident.id);
      expect(second.proposals.map((p: any) => p.id)).toEqual([
        first.proposal.id,
      ]);
      const same = await knex('proposals').where({
        action: 'rollout_restart',
        target: 'deployment/data/postgres-db',
      });
      expect(same).toHaveLength(1);
      // The second incident's analysis re-queues the first (its cause is
      // news to it); that re-analysis proposes the same fix too, and must
      // meet the open proposal, not race the signatures below.
      await waitFor(async () => {
        const [{ n }] = await knex('incidents')
          .whereIn('analysis_state', ['pending', 'running'])
          .count({ n: '*' });
        return Number(n) === 0 ? true : undefined;
      });
      expect(
        await knex('proposals').where({
          action: 'rollout_restart',
          target: 'deployment/data/postgres-db',
        }),
      ).toHaveLength(1);

      for (const user of [DEVOPS, SRE[0]]) {
        await request(server)
          .post(`/api/awoooi/proposals/${first.proposal.id}/approve`)
          .set('authorization', as(user))
          .send({ comment: 'lgtm' })
          .expect(200);
      }
      for (const incident of [first.incident, second.incident]) {
        const { body } = await request(server).get(
          `/api/awoooi/incidents/${incident.id}`,
        );
        expect(body.proposals.map((p: any) => [p.id, p.state])).toEqual([
          [first.proposal.id, 'EXECUTED'],
        ]);
      }
      const audit = await request(server)
        .get('/api/awoooi/audit')
        .query({ proposalId: first.proposal.id });
      const types = audit.body.items.map((e: any) => e.opType);
      expect(types).toContain('proposal_linked');
      expect(types.filter((t: string) => t === 'execute_start')).toHaveLength(
        1,
      );
    });
  },
);

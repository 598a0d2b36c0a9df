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
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { testScheduler } from '../__testUtils__/testScheduler';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/**
 * The whole loop on the plugin as a backend runs it: the real Kubernetes
 * executor and workload health against the cluster simulator, the
 * verification task through the scheduler it registered with.
 */
describe.each(databases.eachSupportedId())(
  'verification of a fix on the cluster on %s',
  databaseId => {
    let kube: KubeTestServer;
    beforeEach(async () => {
      kube = await startKube();
    });
    afterEach(async () => {
      await kube.close();
    });

    it('verifies the restarted database once its alerts resolve, and the proposal shows it', async () => {
      const { scheduler, factory } = testScheduler();
      const server = await startApprovalBackend(
        await databases.init(databaseId),
        kube,
        {},
        { features: [factory] },
      );
      const { proposal } = await raiseIncidentWithProposal(server, 'v');
      for (const user of [DEVOPS, SRE[0]]) {
        await request(server)
          .post(`/api/awoooi/proposals/${proposal.id}/approve`)
          .set('authorization', as(user))
          .send({ comment: 'ok' })
          .expect(200);
      }
      const read = async () =>
        (
          await request(server)
            .get(`/api/awoooi/proposals/${proposal.id}`)
            .set('authorization', as(DEVOPS))
            .expect(200)
        ).body;
      expect((await read()).state).toBe('EXECUTED');

      await scheduler.triggerTask('awoooi-verification');
      expect((await read()).verification.outcome).toBeNull();

      await request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('x-awoooi-token', SECRET)
        .send(
          alertmanagerPayload([
            {
              alertname: 'Errorsv',
              fingerprint: 'fe-v',
              status: 'resolved',
              labels: { service: 'frontend', namespace: 'shop' },
            },
            {
              alertname: 'DbDownv',
              fingerprint: 'db-v',
              status: 'resolved',
              labels: { service: 'postgres-db' },
            },
          ]),
        )
        .expect(202);
      await scheduler.triggerTask('awoooi-verification');

      const verified = await read();
      expect(verified.verification).toMatchObject({ outcome: 'VERIFIED' });
      expect(verified.trust).toMatchObject({
        score: 1,
        lastOutcome: 'VERIFIED',
      });
    });
  },
);

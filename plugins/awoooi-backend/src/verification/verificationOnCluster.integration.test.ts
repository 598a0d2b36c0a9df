import type { KubeTestServer } from '@internal/kube-test-server';
import request from 'supertest';
import { as, DEVOPS, startKube } from '../__testUtils__/approvalBackend';
import { createTestDatabases } from '@internal/awoooi-test-utils';
import { runLoop, startLoopBackend } from '../__testUtils__/verifiedLoop';

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
      const { server, scheduler } = await startLoopBackend(
        await databases.init(databaseId),
        kube,
      );
      const loop = await runLoop(server, scheduler, 'v');
      expect(loop.executed.state).toBe('EXECUTED');
      expect(loop.whileFiring.verification.outcome).toBeNull();
      expect(loop.verified.verification).toMatchObject({
        outcome: 'VERIFIED',
      });
      expect(loop.verified.trust).toMatchObject({
        score: 1,
        lastOutcome: 'VERIFIED',
      });

      // The overview counts the verified fix and the resolved incident.
      const { body: outcomes } = await request(server)
        .get('/api/awoooi/outcomes')
        .set('authorization', as(DEVOPS))
        .expect(200);
      expect(outcomes.patterns).toEqual([
        {
          pattern: loop.verified.pattern,
          verified: 1,
          ineffective: 0,
          regressed: 0,
          verifiedRate: 1,
        },
      ]);
      expect(outcomes.mttr).toEqual([
        expect.objectContaining({
          day: new Date().toISOString().slice(0, 10),
          incidents: 1,
        }),
      ]);
    });
  },
);

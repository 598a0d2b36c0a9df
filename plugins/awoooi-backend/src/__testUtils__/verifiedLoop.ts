import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { KubeTestServer } from '@internal/kube-test-server';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  as,
  DEVOPS,
  raiseIncidentWithProposal,
  SECRET,
  SRE,
  startApprovalBackend,
} from './approvalBackend';
import { testScheduler } from './testScheduler';
import { alertmanagerPayload } from './seedCatalog';

/**
 * A backend for {@link runLoop}: the approval backend on the cluster
 * simulator, its scheduled tasks run when a test says so.
 */
export async function startLoopBackend(knex: Knex, kube: KubeTestServer) {
  const { scheduler, factory } = testScheduler();
  const server = await startApprovalBackend(
    knex,
    kube,
    {},
    { features: [factory] },
  );
  return { server, scheduler };
}

/**
 * The whole loop on a backend from `startApprovalBackend`: a database outage
 * under the frontend, its HIGH fix signed by two people and executed, the
 * verification task before and after the alerts resolve.
 */
export async function runLoop(
  server: any,
  scheduler: SchedulerService,
  tag: string,
) {
  const { incident, proposal } = await raiseIncidentWithProposal(server, tag);
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
  const executed = await read();
  await scheduler.triggerTask('awoooi-verification');
  const whileFiring = await read();
  await request(server)
    .post('/api/awoooi/alerts/alertmanager')
    .set('x-awoooi-token', SECRET)
    .send(
      alertmanagerPayload([
        {
          alertname: `Errors${tag}`,
          fingerprint: `fe-${tag}`,
          status: 'resolved',
          labels: { service: 'frontend', namespace: 'shop' },
        },
        {
          alertname: `DbDown${tag}`,
          fingerprint: `db-${tag}`,
          status: 'resolved',
          labels: { service: 'postgres-db' },
        },
      ]),
    )
    .expect(202);
  await scheduler.triggerTask('awoooi-verification');
  return { incident, executed, whileFiring, verified: await read() };
}

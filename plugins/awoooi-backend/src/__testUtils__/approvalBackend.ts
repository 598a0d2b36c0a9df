import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubeTestServer,
  KubeTestServer,
} from '@internal/kube-test-server';
import kubernetesModule from '@awoooi/plugin-awoooi-backend-module-kubernetes';
import type { Knex } from 'knex';
import type { Server } from 'http';
import type { JsonObject } from '@backstage/types';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { alertmanagerPayload, seedCatalog } from './seedCatalog';

export const SECRET = 'approval-test-secret';

/** Users holding each role in the test config (ownership ref = the user itself). */
export const SRE = Array.from(
  { length: 60 },
  (_, i) => `user:default/sre-${i}`,
);
export const DEVOPS = 'user:default/devops-alice';
export const CTO = 'user:default/cto-carol';
export const CISO = 'user:default/ciso-dave';
export const DEVELOPER = 'user:default/dev-frank';

export function as(user: string) {
  return mockCredentials.user.header(user);
}

export async function startKube() {
  return startKubeTestServer({ seed: 'demo', randomSeed: 7 });
}

/** An AWOOOI backend with the real Kubernetes executor against the cluster simulator. */
export async function startApprovalBackend(
  knex: Knex,
  kube: KubeTestServer,
  awoooi: JsonObject = {},
  /** More features, e.g. a scheduler the test triggers tasks on. */
  extraFeatures: BackendFeature[] = [],
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      ...extraFeatures,
      awoooiPlugin,
      kubernetesModule,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: { encryptionKey: 'a'.repeat(40) },
            roles: { sre: SRE, devops: [DEVOPS], cto: [CTO], ciso: [CISO] },
            kubernetes: {
              clusters: [
                {
                  name: 'sim',
                  url: kube.url,
                  token: kube.token,
                  skipTLSVerify: true,
                },
              ],
            },
            ...awoooi,
          },
        },
      }),
    ],
  });
  return server;
}

/** Fires a database outage under the frontend and waits for its proposal. */
export async function raiseIncidentWithProposal(server: any, tag: string) {
  await request(server)
    .post('/api/awoooi/alerts/alertmanager')
    .set('x-awoooi-token', SECRET)
    .send(
      alertmanagerPayload([
        {
          alertname: `Errors${tag}`,
          fingerprint: `fe-${tag}`,
          labels: { service: 'frontend', namespace: 'shop' },
        },
        {
          alertname: `DbDown${tag}`,
          fingerprint: `db-${tag}`,
          labels: { service: 'postgres-db' },
        },
      ]),
    )
    .expect(202);
  const until = Date.now() + 20_000;
  for (;;) {
    const { body } = await request(server)
      .get('/api/awoooi/incidents')
      .query({ entityRef: 'component:default/frontend', state: 'open' });
    const incident = body.items.find((i: any) => i.groupKey === `Errors${tag}`);
    if (incident?.analysisState === 'done') {
      const details = (
        await request(server).get(`/api/awoooi/incidents/${incident.id}`)
      ).body;
      const [proposal] = details.proposals;
      // An auto-executed proposal is returned once its execution finished.
      if (proposal && proposal.state !== 'EXECUTING')
        return { incident: details.incident, proposal };
    }
    if (Date.now() > until) throw new Error('no proposal in time');
    await new Promise(r => setTimeout(r, 50));
  }
}

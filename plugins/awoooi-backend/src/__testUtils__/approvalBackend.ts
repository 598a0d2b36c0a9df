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
import scannersModule from '@awoooi/plugin-awoooi-backend-module-scanners';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { Server } from 'http';
import type { JsonObject } from '@backstage/types';
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

/**
 * An AWOOOI backend with the real Kubernetes executor against the cluster
 * simulator and the scanners (FinOps recommendations to propose); `extra` adds features (other plugins), root config, or
 * replaces the seed catalog.
 */
export async function startApprovalBackend(
  knex: Knex,
  kube: KubeTestServer,
  awoooi: JsonObject = {},
  extra: {
    features?: BackendFeature[];
    config?: JsonObject;
    catalog?: ReturnType<typeof catalogServiceMock.factory>;
  } = {},
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      kubernetesModule,
      scannersModule,
      ...(extra.features ?? []),
      mockServices.database.factory({ knex }),
      extra.catalog ?? catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          ...extra.config,
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

type RaisedAlert = {
  alertname: string;
  fingerprint: string;
  labels: Record<string, string>;
};
const raised = new WeakMap<object, RaisedAlert[]>();

/**
 * Fires a database outage under the frontend and waits for its proposal.
 * The previous outage raised on this server is resolved first, so each call
 * is a new incident rather than more alerts of the same outage.
 */
export async function raiseIncidentWithProposal(server: any, tag: string) {
  const send = (alerts: Array<RaisedAlert & { status?: 'resolved' }>) =>
    request(server)
      .post('/api/awoooi/alerts/alertmanager')
      .set('x-awoooi-token', SECRET)
      .send(alertmanagerPayload(alerts))
      .expect(202);
  const previous = raised.get(server) ?? [];
  if (previous.length) {
    await send(previous.map(a => ({ ...a, status: 'resolved' as const })));
  }
  const outage: RaisedAlert[] = [
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
  ];
  raised.set(server, outage);
  await send(outage);
  const until = Date.now() + 20_000;
  for (;;) {
    const { body } = await request(server)
      .get('/api/awoooi/incidents')
      .query({ entityRef: 'component:default/frontend', state: 'open' });
    const incident = body.items.find((i: any) =>
      outage.some(a => a.alertname === i.groupKey),
    );
    if (incident?.analysisState === 'done') {
      const details = (
        await request(server).get(`/api/awoooi/incidents/${incident.id}`)
      ).body;
      const [proposal] = details.proposals;
      // An automatic proposal (no signature needed) is stored PENDING and
      // runs right after: it is returned once its execution finished.
      const running =
        proposal?.state === 'EXECUTING' ||
        (proposal?.state === 'PENDING' && proposal.required.count === 0);
      if (proposal && !running) return { incident: details.incident, proposal };
    }
    if (Date.now() > until) throw new Error('no proposal in time');
    await new Promise(r => setTimeout(r, 50));
  }
}

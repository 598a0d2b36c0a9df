import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { awoooiPlugin } from './plugin';
import { alertmanagerPayload, seedCatalog } from './__testUtils__/seedCatalog';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const SECRET = 'test-ingest-secret';

async function startBackend(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const sent: any[] = [];
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: { encryptionKey: 'k'.repeat(40) },
            roles: { sre: ['group:default/sre'] },
          },
        },
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async (n: any) => void sent.push(n) }),
      }),
    ],
  });
  return { server, knex, sent };
}

async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 50));
  }
}

describe.each(databases.eachSupportedId())(
  'awoooi backend on %s',
  databaseId => {
    it('answers health', async () => {
      const { server } = await startBackend(databaseId);
      const res = await request(server).get('/api/awoooi/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('rejects a wrong token and a bad payload, storing nothing', async () => {
      const { server, knex } = await startBackend(databaseId);
      const wrongToken = await request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('x-awoooi-token', 'nope')
        .send(
          alertmanagerPayload([
            {
              alertname: 'X',
              fingerprint: 'f1',
              labels: { service: 'frontend' },
            },
          ]),
        );
      expect(wrongToken.status).toBe(401);

      const bad = await request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('x-awoooi-token', SECRET)
        .send({
          version: '4',
          status: 'firing',
          alerts: [{ status: 'burning', labels: {} }],
        });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/alerts\[0\]\.status/);
      expect(bad.body.error.message).toMatch(/fingerprint/);

      expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0);
      expect(Number((await knex('incidents').count({ n: '*' }))[0].n)).toBe(0);
    });

    it('turns an alert into an analysed incident, dedupes re-sends and closes on resolve', async () => {
      const { server, knex, sent } = await startBackend(databaseId);
      const firing = alertmanagerPayload([
        {
          alertname: 'HighErrorRate',
          fingerprint: 'fe-5xx',
          labels: { service: 'frontend', namespace: 'shop' },
          summary:
            'frontend 5xx rate 17% for client 10.20.30.40 (ops@acme.example)',
        },
        {
          alertname: 'PostgresDown',
          fingerprint: 'pg-down',
          labels: { service: 'postgres-db' },
        },
      ]);
      const first = await request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('Authorization', `Bearer ${SECRET}`)
        .send(firing);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({
        received: 2,
        created: 2,
        unmapped: 0,
      });
      // Related in the catalog and started together: one correlated incident.
      expect(first.body.incidentsOpened).toHaveLength(1);

      const incident = await waitFor(async () => {
        const res = await request(server)
          .get('/api/awoooi/incidents')
          .query({ entityRef: 'component:default/frontend' });
        const [i] = res.body.items;
        return i?.analysisState === 'done' ? i : undefined;
      });
      expect(incident).toMatchObject({
        entityRef: 'resource:default/postgres-db',
        state: 'open',
        severity: 'critical',
        firingAlerts: 2,
      });
      expect(incident.entities).toContainEqual({
        entityRef: 'component:default/frontend',
        hopsToRootCause: 2,
      });

      const details = await request(server).get(
        `/api/awoooi/incidents/${incident.id}`,
      );
      expect(details.status).toBe(200);
      const { analysis, alerts } = details.body;
      expect(analysis.rootCauses[0]).toMatchObject({
        entityRef: 'resource:default/postgres-db',
        priority: 'database',
        symptom: false,
      });
      expect(analysis.blastRadius.map((b: any) => b.entityRef)).toEqual(
        expect.arrayContaining([
          'component:default/auth-service',
          'component:default/frontend',
          'component:default/ingress',
        ]),
      );
      // Privacy Shield: the API, the analysis and the transcript never show the raw values.
      const visible = JSON.stringify(details.body);
      expect(visible).not.toContain('10.20.30.40');
      expect(visible).not.toContain('ops@acme.example');
      expect(alerts[0].title).toMatch(/\[IP_1\].*\[EMAIL_1\]/);
      const transcript = await request(server).get(
        `/api/awoooi/incidents/${incident.id}/transcript`,
      );
      expect(transcript.body.items.length).toBeGreaterThan(3);
      expect(JSON.stringify(transcript.body)).not.toContain('10.20.30.40');
      const [scopeRow] = await knex('privacy_scopes').where(
        'scope_id',
        incident.id,
      );
      expect(scopeRow.ciphertext).toMatch(/^v1:/);
      expect(scopeRow.ciphertext).not.toContain('10.20.30.40');

      // The owner is notified once, with a link to the Incidents tab.
      // The root cause's owners are told once; the affected entities' owners get a digest.
      await waitFor(async () => (sent.length >= 2 ? true : undefined));
      expect(
        sent.find(
          n => n.recipients.entityRef === 'resource:default/postgres-db',
        ).payload.link,
      ).toBe(
        'http://localhost:3000/catalog/default/resource/postgres-db/incidents',
      );
      const digest = sent.find(n => Array.isArray(n.recipients.entityRef));
      expect(digest.recipients.entityRef).toEqual([
        'component:default/frontend',
      ]);
      expect(digest.payload.scope).toBe(
        `awoooi:incident:${incident.id}:affected`,
      );

      // Re-sent: nothing changes.
      const before = await knex('alerts')
        .select('id', 'updated_at')
        .orderBy('id');
      const again = await request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('x-awoooi-token', SECRET)
        .send(firing);
      expect(again.body).toMatchObject({
        received: 2,
        created: 0,
        updated: 0,
        unchanged: 2,
        incidentsOpened: [],
      });
      expect(
        await knex('alerts').select('id', 'updated_at').orderBy('id'),
      ).toEqual(before);
      expect(Number((await knex('incidents').count({ n: '*' }))[0].n)).toBe(1);

      // Resolved: the incident closes once all its alerts are resolved.
      const resolve = (alertname: string, fingerprint: string, labels: any) =>
        request(server)
          .post('/api/awoooi/alerts/alertmanager')
          .set('x-awoooi-token', SECRET)
          .send(
            alertmanagerPayload([
              { alertname, status: 'resolved', fingerprint, labels },
            ]),
          );
      const half = await resolve('HighErrorRate', 'fe-5xx', {
        service: 'frontend',
        namespace: 'shop',
      });
      expect(half.body.incidentsResolved).toEqual([]);
      const res = await resolve('PostgresDown', 'pg-down', {
        service: 'postgres-db',
      });
      expect(res.body.incidentsResolved).toEqual([incident.id]);
      const closed = await request(server).get(
        `/api/awoooi/incidents/${incident.id}`,
      );
      expect(closed.body.incident).toMatchObject({
        state: 'resolved',
        firingAlerts: 0,
      });

      const audit = await request(server)
        .get('/api/awoooi/audit')
        .query({ incidentId: incident.id });
      expect(audit.body.items.map((e: any) => e.opType)).toEqual(
        expect.arrayContaining([
          'incident_opened',
          'incident_analyzed',
          'incident_resolved',
        ]),
      );
    });

    it('moves an incident to its root cause when a dependency alerts later, and analyses it again', async () => {
      const { server } = await startBackend(databaseId);
      const send = (alertname: string, labels: Record<string, string>) =>
        request(server)
          .post('/api/awoooi/alerts/alertmanager')
          .set('x-awoooi-token', SECRET)
          .send(
            alertmanagerPayload([
              { alertname, fingerprint: alertname, labels },
            ]),
          )
          .expect(202);
      const frontendAnalysis = async () => {
        const [i] = (
          await request(server)
            .get('/api/awoooi/incidents')
            .query({ entityRef: 'component:default/frontend' })
        ).body.items;
        if (i?.analysisState !== 'done') return undefined;
        return (await request(server).get(`/api/awoooi/incidents/${i.id}`)).body
          .analysis;
      };
      await send('Errors', { service: 'frontend', namespace: 'shop' });
      const first = await waitFor(frontendAnalysis);
      expect(first.rootCauses.map((c: any) => c.entityRef)).toEqual([
        'component:default/frontend',
      ]);

      await send('DbDown', { service: 'postgres-db' });
      const second = await waitFor(async () => {
        const a = await frontendAnalysis();
        return a?.rootCauses[0]?.entityRef === 'resource:default/postgres-db'
          ? a
          : undefined;
      });
      // The database's alert joined the frontend's incident: one incident, now on the database.
      expect(second.rootCauses[0]).toMatchObject({
        distance: 0,
        symptom: false,
      });
      const open = await request(server)
        .get('/api/awoooi/incidents')
        .query({ state: 'open' });
      expect(open.body.items).toHaveLength(1);
      expect(open.body.items[0].entityRef).toBe('resource:default/postgres-db');
    });

    it('stores unmapped alerts and lists them', async () => {
      const { server } = await startBackend(databaseId);
      const res = await request(server)
        .post('/api/awoooi/alerts/webhook')
        .set('x-awoooi-token', SECRET)
        .send({
          title: 'Disk almost full on backup-host',
          severity: 'warning',
          labels: { host: 'backup-host' },
        });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ received: 1, created: 1, unmapped: 1 });
      const unmapped = await request(server).get('/api/awoooi/alerts/unmapped');
      expect(unmapped.body.items).toHaveLength(1);
      expect(unmapped.body.items[0]).toMatchObject({
        entityRef: null,
        title: 'Disk almost full on backup-host',
      });
    });
  },
);

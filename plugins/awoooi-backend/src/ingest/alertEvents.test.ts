import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EventsService, eventsServiceRef } from '@backstage/plugin-events-node';
import eventsPlugin from '@backstage/plugin-events-backend';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(60_000);

const SECRET = 'events-secret';

/**
 * Alerts through Backstage's events system: the `awoooi.kafka` topic the
 * Kafka module publishes to. No broker runs here, so the Kafka path is driven
 * through the events service itself, as the Kafka module would drive it. The
 * HTTP ingress topics are guarded by `@awoooi/plugin-events-backend-module-awoooi`
 * (tested there, and with this plugin in service/deployment.test.ts and
 * privacy/privacyCorpus.integration.test.ts).
 */
describe('alerts through the events system', () => {
  let events: EventsService | undefined;
  const capture = createBackendModule({
    pluginId: 'awoooi',
    moduleId: 'test-events-capture',
    register(reg) {
      reg.registerInit({
        deps: { service: eventsServiceRef },
        async init({ service }) {
          events = service;
        },
      });
    },
  });

  async function start() {
    const { server } = await startTestBackend({
      features: [
        awoooiPlugin,
        eventsPlugin,
        capture,
        catalogServiceMock.factory({ entities: seedCatalog() }),
        mockServices.rootConfig.factory({
          data: {
            awoooi: {
              ingest: { sharedSecret: SECRET },
              privacy: { encryptionKey: 'e'.repeat(40) },
            },
          },
        }),
      ],
    });
    return server;
  }

  async function waitForIncident(server: any, entityRef: string) {
    const until = Date.now() + 15_000;
    for (;;) {
      const { body } = await request(server)
        .get('/api/awoooi/incidents')
        .query({ entityRef });
      if (body.items?.length) return body.items[0];
      if (Date.now() > until) throw new Error(`no incident for ${entityRef}`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  it('ingests generic alerts published on the awoooi.kafka topic', async () => {
    const server = await start();
    await events!.publish({
      topic: 'awoooi.kafka',
      eventPayload: {
        title: 'Redis evictions',
        severity: 'high',
        labels: { service: 'redis', alertname: 'RedisEvictions' },
      },
    });
    const incident = await waitForIncident(
      server,
      'resource:default/redis-cache',
    );
    expect(incident).toMatchObject({
      groupKey: 'RedisEvictions',
      severity: 'high',
    });
    const details = (
      await request(server).get(`/api/awoooi/incidents/${incident.id}`)
    ).body;
    expect(details.alerts[0].source).toBe('kafka');

    // A malformed message (empty title) is rejected and stores nothing,
    // though its labels would map it and open an incident of its own.
    // Local subscribers have handled the event once publish resolves.
    await events!.publish({
      topic: 'awoooi.kafka',
      eventPayload: {
        title: '',
        severity: 'high',
        labels: { service: 'redis', alertname: 'MalformedEvictions' },
      },
    });
    const incidents = (await request(server).get('/api/awoooi/incidents')).body
      .items;
    expect(incidents.map((i: any) => i.groupKey)).toEqual(['RedisEvictions']);
    const after = (
      await request(server).get(`/api/awoooi/incidents/${incident.id}`)
    ).body;
    expect(after.alerts).toHaveLength(1);
    expect(
      (await request(server).get('/api/awoooi/alerts/unmapped')).body.items,
    ).toEqual([]);
  });

  it('exposes Prometheus metrics of what it received', async () => {
    const server = await start();
    await request(server)
      .post('/api/awoooi/alerts/webhook')
      .set('x-awoooi-token', SECRET)
      .send({ title: 'Something odd', severity: 'info' })
      .expect(202);
    const metrics = await request(server).get('/api/awoooi/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain(
      'awoooi_alerts_received_total{source="webhook",outcome="created"} 1',
    );
    expect(metrics.text).toContain(
      'awoooi_alerts_received_total{source="webhook",outcome="unmapped"} 1',
    );
  });
});

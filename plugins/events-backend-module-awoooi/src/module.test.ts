import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { EventParams, eventsServiceRef } from '@backstage/plugin-events-node';
import eventsPlugin from '@backstage/plugin-events-backend';
import request from 'supertest';
import { eventsModuleAwoooiIngress } from './module';

jest.setTimeout(60_000);

const SECRET = 'events-secret';

const ALERTMANAGER_PAYLOAD = {
  version: '4',
  status: 'firing',
  receiver: 'awoooi',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'Down', service: 'postgres-db' },
      annotations: { summary: 'Down is firing' },
      startsAt: '2026-11-24T03:00:00.000Z',
      fingerprint: 'ev-1',
    },
  ],
};

/**
 * The events plugin's HTTP ingress guarded by AWOOOI's validator. The events
 * service records what the ingress publishes: what reaches a topic is what
 * the AWOOOI backend plugin, subscribed to it, would ingest.
 */
describe('eventsModuleAwoooiIngress', () => {
  async function start(ingest: { sharedSecret?: string }) {
    const received: EventParams[] = [];
    const recordingEvents = createServiceFactory({
      service: eventsServiceRef,
      deps: {},
      factory: () => ({
        publish: async (params: EventParams) => {
          received.push(params);
        },
        subscribe: async () => {},
      }),
    });
    const { server } = await startTestBackend({
      features: [
        eventsModuleAwoooiIngress,
        eventsPlugin,
        recordingEvents,
        mockServices.rootConfig.factory({ data: { awoooi: { ingest } } }),
      ],
    });
    return { server, received };
  }

  it('lets Alertmanager webhooks onto the topic only with the secret and a valid payload', async () => {
    const { server, received } = await start({ sharedSecret: SECRET });
    const path = '/api/events/http/awoooi.alertmanager';

    const noToken = await request(server).post(path).send(ALERTMANAGER_PAYLOAD);
    expect(noToken.status).toBe(401);
    const wrongToken = await request(server)
      .post(path)
      .set('x-awoooi-token', 'not-the-secret')
      .send(ALERTMANAGER_PAYLOAD);
    expect(wrongToken.status).toBe(401);
    const bad = await request(server)
      .post(path)
      .set('x-awoooi-token', SECRET)
      .send({ version: '4', alerts: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Invalid Alertmanager webhook/);
    expect(received).toEqual([]);

    const ok = await request(server)
      .post(path)
      .set('authorization', `Bearer ${SECRET}`)
      .send(ALERTMANAGER_PAYLOAD);
    expect(ok.status).toBe(202);
    expect(received).toEqual([
      expect.objectContaining({
        topic: 'awoooi.alertmanager',
        eventPayload: ALERTMANAGER_PAYLOAD,
      }),
    ]);
  });

  it('checks generic webhooks against the generic alert schema', async () => {
    const { server, received } = await start({ sharedSecret: SECRET });
    const path = '/api/events/http/awoooi.webhook';

    const bad = await request(server)
      .post(path)
      .set('x-awoooi-token', SECRET)
      .send({ title: '', severity: 'high' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(
      /^Invalid alert webhook: .*title: String must contain at least 1 character/,
    );
    const ok = await request(server)
      .post(path)
      .set('x-awoooi-token', SECRET)
      .send({ title: 'Redis evictions', severity: 'high' });
    expect(ok.status).toBe(202);
    expect(received.map(e => e.topic)).toEqual(['awoooi.webhook']);
  });

  it('answers 503 without a configured secret, so a sender retries', async () => {
    const { server, received } = await start({});
    const res = await request(server)
      .post('/api/events/http/awoooi.alertmanager')
      .set('x-awoooi-token', 'anything')
      .send(ALERTMANAGER_PAYLOAD);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(/sharedSecret is not configured/);
    expect(received).toEqual([]);
  });
});

import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import {
  startAlertmanager,
  TestAlertmanager,
} from '../__testUtils__/alertmanager';
import { seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(90_000);

const SECRET = 'alertmanager-test-secret';

interface Delivery {
  groupKey: string;
  status: string;
  answer: number;
}

/**
 * Passes Alertmanager's webhooks on to the backend unchanged, remembering
 * each delivery, so a test knows a re-send really reached the backend.
 */
async function startRecordingRelay(backendUrl: string) {
  const deliveries: Delivery[] = [];
  const relay: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = await fetch(`${backendUrl}${req.url}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: String(req.headers.authorization ?? ''),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const { groupKey, status } = JSON.parse(body);
      deliveries.push({ groupKey, status, answer: answer.status });
      res.writeHead(answer.status).end(await answer.text());
    });
  });
  await new Promise<void>(r => relay.listen(0, '127.0.0.1', r));
  const { port } = relay.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, deliveries, relay };
}

/**
 * A real Alertmanager 0.25 (Debian's prometheus-alertmanager) delivers
 * webhooks to a running AWOOOI backend; the incident, its analysis and
 * its resolution follow.
 */
describe('Alertmanager → AWOOOI', () => {
  let alertmanager: TestAlertmanager;
  let server: any;
  let relay: Awaited<ReturnType<typeof startRecordingRelay>>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        awoooiPlugin,
        catalogServiceMock.factory({ entities: seedCatalog() }),
        mockServices.rootConfig.factory({
          data: {
            awoooi: {
              ingest: { sharedSecret: SECRET },
              privacy: { encryptionKey: 'p'.repeat(40) },
            },
          },
        }),
      ],
    });
    server = backend.server;
    const backendPort = (server.address() as { port: number }).port;
    relay = await startRecordingRelay(`http://127.0.0.1:${backendPort}`);
    alertmanager = await startAlertmanager({
      webhookBase: relay.url,
      secret: SECRET,
    });
  });

  afterAll(async () => {
    await alertmanager?.process.stop();
    await new Promise(r => relay?.relay.close(r));
  });

  const postToAlertmanager = (alerts: unknown[]) => alertmanager.post(alerts);

  async function frontendIncidents() {
    const res = await request(server)
      .get('/api/awoooi/incidents')
      .query({ entityRef: 'component:default/frontend' });
    return res.body.items as any[];
  }

  async function incidentDetails(id: string) {
    const { incident, alerts } = (
      await request(server).get(`/api/awoooi/incidents/${id}`)
    ).body;
    return { incident, alerts };
  }

  async function eventually<T>(
    fn: () => Promise<T | undefined>,
    what: string,
  ): Promise<T> {
    const until = Date.now() + 30_000;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > until)
        throw new Error(
          `timed out: ${what}\n${alertmanager.process.output().slice(-2000)}`,
        );
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it('opens an analysed incident, stores nothing for re-sends and closes on resolve', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const firing = [
      {
        labels: {
          alertname: 'FrontendErrors',
          service: 'frontend',
          namespace: 'shop',
          severity: 'critical',
        },
        annotations: { summary: '5xx > 15%' },
        startsAt,
      },
      {
        labels: {
          alertname: 'PostgresDown',
          service: 'postgres-db',
          severity: 'critical',
        },
        annotations: { summary: 'primary down' },
        startsAt,
      },
    ];
    await postToAlertmanager(firing);

    // Alertmanager sends the two groups as two webhooks, in either order:
    // the frontend incident ends up naming the database either way.
    const { incident, details } = await eventually(async () => {
      const [i] = await frontendIncidents();
      if (i?.analysisState !== 'done') return undefined;
      const d = (await request(server).get(`/api/awoooi/incidents/${i.id}`))
        .body;
      return d.analysis?.rootCauses[0]?.entityRef ===
        'resource:default/postgres-db'
        ? { incident: i, details: d }
        : undefined;
    }, 'the frontend incident analysed with the database as root cause');
    expect(details.analysis.blastRadius.map((b: any) => b.entityRef)).toContain(
      'component:default/ingress',
    );
    expect(details.alerts[0].source).toBe('alertmanager');

    // Alertmanager re-sends the unchanged group (repeat_interval): each
    // re-send reaches the backend, which stores nothing new.
    const before = await incidentDetails(incident.id);
    const frontendGroup = (d: Delivery) =>
      d.groupKey.includes('FrontendErrors') && d.status === 'firing';
    const seen = relay.deliveries.filter(frontendGroup).length;
    await eventually(
      async () =>
        relay.deliveries.filter(frontendGroup).length >= seen + 2 || undefined,
      'two re-sends of the frontend group',
    );
    expect(relay.deliveries.every(d => d.answer === 202)).toBe(true);
    const after = await frontendIncidents();
    expect(after).toHaveLength(1);
    expect(after[0].updatedAt).toBe(incident.updatedAt);
    expect(await incidentDetails(incident.id)).toEqual(before);

    // Resolved by Alertmanager: the incident closes.
    const endsAt = new Date().toISOString();
    await postToAlertmanager(firing.map(a => ({ ...a, endsAt })));
    const closed = await eventually(async () => {
      const [i] = await frontendIncidents();
      return i?.state === 'resolved' ? i : undefined;
    }, 'the resolved incident');
    expect(closed.id).toBe(incident.id);
  });
});

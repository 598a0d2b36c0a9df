import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { writeFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import {
  freePort,
  RunningProcess,
  startProcess,
  waitForHttp,
} from '../__testUtils__/processes';
import { seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(90_000);

const SECRET = 'alertmanager-test-secret';

/**
 * A real Alertmanager 0.25 (Debian's prometheus-alertmanager) delivers
 * webhooks to a running AWOOOI backend; the incident, its analysis and
 * its resolution follow.
 */
describe('Alertmanager → AWOOOI', () => {
  let alertmanager: RunningProcess;
  let amUrl: string;
  let server: any;

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
    const amPort = await freePort();
    amUrl = `http://127.0.0.1:${amPort}`;
    alertmanager = startProcess('prometheus-alertmanager', dir => {
      writeFileSync(
        join(dir, 'alertmanager.yml'),
        [
          'route:',
          '  receiver: awoooi',
          "  group_by: ['alertname']",
          '  group_wait: 1s',
          '  group_interval: 1s',
          '  repeat_interval: 1h',
          'receivers:',
          '  - name: awoooi',
          '    webhook_configs:',
          `      - url: http://127.0.0.1:${backendPort}/api/awoooi/alerts/alertmanager`,
          '        send_resolved: true',
          '        http_config:',
          '          authorization:',
          '            type: Bearer',
          `            credentials: ${SECRET}`,
        ].join('\n'),
      );
      return [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ];
    });
    await waitForHttp(`${amUrl}/-/ready`);
  });

  afterAll(async () => {
    await alertmanager?.stop();
  });

  async function postToAlertmanager(alerts: unknown[]) {
    const res = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    expect(res.status).toBe(200);
  }

  async function frontendIncidents() {
    const res = await request(server)
      .get('/api/awoooi/incidents')
      .query({ entityRef: 'component:default/frontend' });
    return res.body.items as any[];
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
          `timed out: ${what}\n${alertmanager.output().slice(-2000)}`,
        );
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it('opens an analysed incident, ignores the re-send and closes on resolve', async () => {
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

    // The same alert again: Alertmanager dedupes, and so do we: nothing changes.
    await postToAlertmanager(firing);
    await new Promise(r => setTimeout(r, 3000));
    const after = await frontendIncidents();
    expect(after).toHaveLength(1);
    expect(after[0].updatedAt).toBe(incident.updatedAt);

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

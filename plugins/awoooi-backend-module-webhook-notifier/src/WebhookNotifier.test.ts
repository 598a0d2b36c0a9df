import { mockServices } from '@backstage/backend-test-utils';
import { createServer, IncomingMessage, Server } from 'http';
import type { AwoooiNotification } from '@awoooi/plugin-awoooi-node';
import { WebhookNotifier } from './WebhookNotifier';
import { readWebhookTargets } from './module';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';

const notification: AwoooiNotification = {
  kind: 'incident.opened',
  title: 'Incident: HighErrorRate',
  description: 'Probable root cause resource:default/postgres-db',
  entityRef: 'component:default/frontend',
  link: 'http://localhost:3000/catalog/default/component/frontend/incidents',
  severity: 'critical',
  incidentId: 'i-1',
};

describe('WebhookNotifier against a loopback receiver', () => {
  let server: Server;
  let base: string;
  const received: Array<{
    path: string;
    headers: IncomingMessage['headers'];
    body: any;
  }> = [];
  let failPaths = new Set<string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', c => (data += c));
      req.on('end', () => {
        received.push({
          path: req.url!,
          headers: req.headers,
          body: JSON.parse(data),
        });
        res.writeHead(failPaths.has(req.url!) ? 500 : 200).end('ok');
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as any).port}`;
  });
  afterAll(() => new Promise(r => server.close(r)));
  beforeEach(() => {
    received.length = 0;
    failPaths = new Set();
  });

  function notifier(extra: JsonObject[] = []) {
    const targets = readWebhookTargets(
      new ConfigReader({
        awoooi: {
          notifications: {
            webhooks: [
              { name: 'slack', url: `${base}/slack`, format: 'slack' },
              {
                name: 'discord',
                url: `${base}/discord`,
                format: 'discord',
                events: ['incident.opened'],
              },
              {
                name: 'json',
                url: `${base}/json`,
                headers: { 'x-signature': 'abc' },
              },
              ...extra,
            ],
          },
        },
      }),
    );
    return new WebhookNotifier(targets, mockServices.logger.mock());
  }

  it('posts Slack, Discord and JSON bodies', async () => {
    await notifier().notify(notification);
    const byPath = Object.fromEntries(received.map(r => [r.path, r]));
    expect(byPath['/slack'].body).toMatchObject({
      text: '*Incident: HighErrorRate*',
      attachments: [
        {
          title_link: notification.link,
          color: '#d32f2f',
          text: notification.description,
        },
      ],
    });
    expect(byPath['/discord'].body).toMatchObject({
      content: notification.title,
      embeds: [{ url: notification.link, color: 0xd32f2f }],
    });
    expect(byPath['/json'].body).toEqual(notification);
    expect(byPath['/json'].headers['x-signature']).toBe('abc');
  });

  it('sends only the events a webhook asked for', async () => {
    await notifier().notify({ ...notification, kind: 'proposal.pending' });
    expect(received.map(r => r.path).sort()).toEqual(['/json', '/slack']);
  });

  it('delivers to the others and reports when one receiver fails', async () => {
    failPaths.add('/slack');
    await expect(notifier().notify(notification)).rejects.toThrow(
      '1 of 3 webhooks failed',
    );
    expect(received.map(r => r.path).sort()).toEqual([
      '/discord',
      '/json',
      '/slack',
    ]);
  });

  it('rejects an unknown format in config', () => {
    expect(() =>
      readWebhookTargets(
        new ConfigReader({
          awoooi: {
            notifications: {
              webhooks: [{ name: 'x', url: base, format: 'teams' }],
            },
          },
        }),
      ),
    ).toThrow(/format must be one of slack, discord, json/);
  });
});

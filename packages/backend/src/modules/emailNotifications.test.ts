import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import awoooiPlugin from '@awoooi/plugin-awoooi-backend';
import { emailNotificationsLoader } from './emailNotifications';

jest.setTimeout(60_000);

const SECRET = 'email-test-secret';

interface Mail {
  from?: string;
  to: string[];
  data: string;
}

/** A loopback SMTP server (the real protocol) that keeps what it receives. */
async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', chunk => {
        data += chunk;
      });
      stream.on('end', () => {
        mails.push({
          from:
            session.envelope.mailFrom || undefined
              ? (session.envelope.mailFrom as { address: string }).address
              : undefined,
          to: session.envelope.rcptTo.map(r => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

function catalog(): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice', namespace: 'default' },
      spec: { profile: { email: 'alice@example.com' }, memberOf: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'frontend',
        namespace: 'default',
        annotations: { 'awoooi.io/alert-selector': 'service=frontend' },
      },
      spec: {
        type: 'website',
        owner: 'user:default/alice',
        lifecycle: 'production',
      },
      relations: [{ type: 'ownedBy', targetRef: 'user:default/alice' }],
    },
  ];
}

function alert(status: 'firing' | 'resolved') {
  return {
    receiver: 'awoooi',
    status,
    alerts: [
      {
        status,
        labels: {
          alertname: 'FrontendErrors',
          service: 'frontend',
          severity: 'critical',
        },
        annotations: { summary: 'frontend 5xx rate > 15%' },
        startsAt: '2026-11-24T03:00:00.000Z',
        endsAt:
          status === 'resolved'
            ? '2026-11-24T03:20:00.000Z'
            : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus/graph',
        fingerprint: 'f00dfeed',
      },
    ],
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager',
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
  };
}

async function waitFor<T>(
  check: () => T | undefined,
  what: string,
): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = check();
    if (value) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('e-mail notifications', () => {
  it('mails the owner of an entity when AWOOOI notifies about its incident', async () => {
    const smtp = await startSmtp();
    try {
      const backend = await startTestBackend({
        features: [
          notificationsPlugin,
          emailNotificationsLoader,
          awoooiPlugin,
          catalogServiceMock.factory({ entities: catalog() }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              notifications: {
                processors: {
                  email: {
                    transportConfig: {
                      transport: 'smtp',
                      hostname: '127.0.0.1',
                      port: smtp.port,
                      secure: false,
                    },
                    sender: 'awoooi@example.org',
                  },
                },
              },
              awoooi: {
                ingest: { sharedSecret: SECRET },
                privacy: { encryptionKey: 'b'.repeat(40) },
              },
            },
          }),
        ],
      });
      try {
        for (const status of ['firing', 'resolved'] as const) {
          await request(backend.server)
            .post('/api/awoooi/alerts/alertmanager')
            .set('x-awoooi-token', SECRET)
            .send(alert(status))
            .expect(202);
        }
        const mail = await waitFor(
          () => smtp.mails.find(m => /resolved/i.test(m.data)),
          'the mail of the resolved incident',
        );
        expect(mail.from).toBe('awoooi@example.org');
        expect(mail.to).toEqual(['alice@example.com']);
        expect(mail.data).toMatch(/^Subject: .*frontend/im);
        expect(mail.data).toContain(
          'http://localhost:3000/catalog/default/component/frontend/incidents',
        );
      } finally {
        await backend.stop();
      }
    } finally {
      await smtp.close();
    }
  });

  it('leaves the module out when no e-mail transport is configured', async () => {
    const backend = await startTestBackend({
      features: [
        notificationsPlugin,
        emailNotificationsLoader,
        catalogServiceMock.factory({ entities: catalog() }),
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });
    // The module itself would fail to start without its settings.
    expect(backend.server.listening).toBe(true);
    await backend.stop();
  });
});

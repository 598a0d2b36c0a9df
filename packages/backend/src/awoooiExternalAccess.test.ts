import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awoooiPlugin from '@awoooi/plugin-awoooi-backend';
import request from 'supertest';

jest.setTimeout(60_000);

const SENDER_TOKEN = 'alertmanager-static-token-0123';
const READER_TOKEN = 'dashboard-static-token-0123';

function firing(fingerprint: string) {
  return {
    version: '4',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'Unmapped', host: 'backup-host' },
        annotations: {},
        startsAt: '2026-11-24T03:00:00.000Z',
        fingerprint,
      },
    ],
  };
}

/**
 * Backstage's own auth services: `backend.auth.externalAccess` static tokens
 * become service principals, with their access restrictions.
 */
describe('alert senders with external-access tokens', () => {
  it('accepts a token for ingest and refuses one restricted to reading', async () => {
    const { server } = await startTestBackend({
      features: [
        awoooiPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: SENDER_TOKEN, subject: 'alertmanager' },
                  },
                  {
                    type: 'static',
                    options: { token: READER_TOKEN, subject: 'dashboard' },
                    accessRestrictions: [
                      { plugin: 'awoooi', permission: 'awoooi.incident.read' },
                    ],
                  },
                ],
              },
            },
            awoooi: {
              privacy: { encryptionKey: 'x'.repeat(40) },
              ingest: { allowedServices: ['alertmanager', 'dashboard'] },
            },
          },
        }),
      ],
    });
    const send = (token: string, fingerprint: string) =>
      request(server)
        .post('/api/awoooi/alerts/alertmanager')
        .set('authorization', `Bearer ${token}`)
        .send(firing(fingerprint));

    expect((await send(SENDER_TOKEN, 'ok-1')).status).toBe(202);
    const restricted = await send(READER_TOKEN, 'denied-1');
    expect(restricted.status).toBe(403);
    expect(restricted.body.error.message).toMatch(/awoooi.alert.create/);

    const unmapped = await request(server)
      .get('/api/awoooi/alerts/unmapped')
      .set('authorization', `Bearer ${READER_TOKEN}`);
    expect(unmapped.status).toBe(200);
    expect(unmapped.body.items.map((a: any) => a.fingerprint)).toEqual([
      'am:ok-1',
    ]);
  });
});

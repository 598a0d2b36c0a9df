import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import awoooiPlugin from '@awoooi/plugin-awoooi-backend';
import scannersModule from '@awoooi/plugin-awoooi-backend-module-scanners';
import type { Server } from 'http';
import request from 'supertest';
import { permissionPolicyModule } from './modules/permissionPolicy';

jest.setTimeout(120_000);

const SECRET = 'route-matrix-ingest-secret';
const USERS = {
  user: 'user:default/dev-frank',
  approver: 'user:default/sre-sam',
  cto: 'user:default/cto-carol',
  ciso: 'user:default/ciso-dave',
};

/** Who calls, in the column order of {@link MATRIX}. */
const PRINCIPALS = [
  'anonymous',
  'user',
  'approver',
  'cto',
  'ciso',
  'service',
  'sender',
] as const;
type Principal = (typeof PRINCIPALS)[number];

const HEADERS: Record<Principal, Record<string, string>> = {
  anonymous: {},
  user: { authorization: mockCredentials.user.header(USERS.user) },
  approver: { authorization: mockCredentials.user.header(USERS.approver) },
  cto: { authorization: mockCredentials.user.header(USERS.cto) },
  ciso: { authorization: mockCredentials.user.header(USERS.ciso) },
  service: { authorization: mockCredentials.service.header() },
  sender: { 'x-awoooi-token': SECRET },
};

interface Row {
  /** Statuses in {@link PRINCIPALS} order. */
  status: number[];
  /** The concrete URL (params filled, query added); the route's path when absent. */
  url?: string | ((p: Principal) => string);
  body?: object;
}

const ENTITY = 'component:default/frontend';
const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Every route of AWOOOI's router and the status each principal gets with
 * this app's permission policy. Ids that exist nowhere give 404 once access
 * is granted; a new route without a row fails the test.
 */
// prettier-ignore
const MATRIX: Record<string, Row> = {
  //                                          anon user appr cto ciso svc sender
  'GET /health':                    { status: [200, 200, 200, 200, 200, 200, 200] },
  'GET /metrics':                   { status: [401, 403, 200, 200, 200, 200, 401] },
  'POST /alerts/alertmanager':      { status: [401, 403, 403, 403, 403, 202, 202],
    body: { version: '4', status: 'firing', alerts: [] } },
  'POST /alerts/webhook':           { status: [401, 403, 403, 403, 403, 202, 202],
    body: { alerts: [] } },
  'GET /me':                        { status: [401, 200, 200, 200, 200, 403, 401] },
  'GET /incidents':                 { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /incidents/:id':             { status: [401, 404, 404, 404, 404, 404, 401],
    url: `/incidents/${NO_ID}` },
  'GET /incidents/:id/transcript':  { status: [401, 404, 404, 404, 404, 404, 401],
    url: `/incidents/${NO_ID}/transcript` },
  'GET /incidents/:id/report':      { status: [401, 404, 404, 404, 404, 404, 401],
    url: `/incidents/${NO_ID}/report` },
  'GET /incidents/:id/report.md':   { status: [401, 404, 404, 404, 404, 404, 401],
    url: `/incidents/${NO_ID}/report.md` },
  'GET /outcomes':                  { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /alerts/unmapped':           { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /audit':                     { status: [401, 403, 200, 200, 200, 200, 401] },
  'GET /scans':                     { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /scans/:id/runs':            { status: [401, 200, 200, 200, 200, 200, 401],
    url: '/scans/rules/runs' },
  // Each principal that may run starts a different scanner, so none is still running.
  'POST /scans/:id/run':            { status: [401, 403, 202, 403, 403, 202, 401],
    url: p => `/scans/${p === 'service' ? 'assets' : 'rules'}/run` },
  'GET /capacity/hosts':            { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /capacity/history':          { status: [401, 200, 200, 200, 200, 200, 401],
    url: '/capacity/history?instance=10.0.0.1:9100' },
  'GET /capacity/violations':       { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /rules':                     { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /assets':                    { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /assets/discovery':          { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /assets/coverage':           { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /compliance/entity':         { status: [401, 200, 200, 200, 200, 200, 401],
    url: `/compliance/entity?entityRef=${ENTITY}` },
  'GET /compliance/group':          { status: [401, 200, 200, 200, 200, 200, 401],
    url: '/compliance/group?groupRef=group:default/checkout-team' },
  'GET /compliance/groups':         { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /compliance/evidence':       { status: [401, 200, 200, 200, 200, 200, 401],
    url: `/compliance/evidence?entityRef=${ENTITY}` },
  'POST /compliance/evidence':      { status: [401, 403, 201, 403, 201, 201, 401],
    body: { entityRef: ENTITY, dimension: 'cve_scan', result: 'pass' } },
  'GET /finops/entity':             { status: [401, 200, 200, 200, 200, 200, 401],
    url: `/finops/entity?entityRef=${ENTITY}` },
  'GET /finops/cluster':            { status: [401, 200, 200, 200, 200, 200, 401],
    url: '/finops/cluster?cluster=prod' },
  'GET /finops/clusters':           { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /finops/recommendations/:id': { status: [401, 404, 404, 404, 404, 404, 401],
    url: `/finops/recommendations/${NO_ID}` },
  // Proposing is done by a person: a service passes the policy, then is refused.
  'POST /finops/recommendations/:id/propose':
                                    { status: [401, 403, 400, 403, 403, 403, 401],
    url: `/finops/recommendations/${NO_ID}/propose`, body: {} },
  'GET /proposals':                 { status: [401, 200, 200, 200, 200, 200, 401] },
  'GET /proposals/:id':             { status: [401, 404, 404, 404, 404, 404, 401],
    url: `/proposals/${NO_ID}` },
  'POST /proposals/:id/approve':    { status: [401, 403, 404, 404, 404, 403, 401],
    url: `/proposals/${NO_ID}/approve`, body: {} },
  'POST /proposals/:id/reject':     { status: [401, 403, 404, 404, 404, 403, 401],
    url: `/proposals/${NO_ID}/reject`, body: {} },
  'GET /trust':                     { status: [401, 200, 200, 200, 200, 200, 401] },
};

/**
 * AWOOOI's routes: those of the plugin's router (it serves
 * `/incidents/:id/transcript`) and of the scanners module's (`/scans/:id/run`).
 */
function awoooiRoutes(server: Server): string[] {
  const [app] = server.listeners('request') as any[];
  const routers: any[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.handle?.stack) {
        routers.push(layer.handle);
        walk(layer.handle.stack);
      }
    }
  };
  walk(app._router.stack);
  const ours = routers.filter(r =>
    r.stack.some((l: any) =>
      ['/incidents/:id/transcript', '/scans/:id/run'].includes(l.route?.path),
    ),
  );
  expect(ours).toHaveLength(2);
  return ours
    .flatMap(r => r.stack)
    .filter((l: any) => l.route)
    .flatMap((l: any) =>
      Object.keys(l.route.methods).map(
        m => `${m.toUpperCase()} ${l.route.path}`,
      ),
    );
}

async function startApp() {
  const entity = (kind: string, name: string, spec: object) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec,
  });
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      scannersModule,
      permissionBackend,
      permissionPolicyModule,
      permissionsServiceFactory,
      // Like the real backend: no token, no principal.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({
        entities: [
          entity('Group', 'checkout-team', { type: 'team', children: [] }),
          entity('Component', 'frontend', {
            type: 'website',
            owner: 'checkout-team',
          }),
        ],
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: { encryptionKey: 'm'.repeat(40) },
            roles: {
              sre: [USERS.approver],
              cto: [USERS.cto],
              ciso: [USERS.ciso],
            },
          },
        },
      }),
    ],
  });
  return server;
}

describe('AWOOOI routes × principals, with the app permission policy', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startApp();
  });

  it('has a row for every route and a route for every row', () => {
    const routes = awoooiRoutes(server);
    expect(routes).toContain('POST /scans/:id/run');
    expect(routes).toContain('POST /proposals/:id/approve');
    expect([...routes].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.entries(MATRIX))('%s', async (route, row) => {
    const [method, path] = route.split(' ');
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, principal] of PRINCIPALS.entries()) {
      const url = typeof row.url === 'function' ? row.url(principal) : row.url;
      let req = request(server)[method.toLowerCase() as 'get' | 'post'](
        `/api/awoooi${url ?? path}`,
      );
      for (const [k, v] of Object.entries(HEADERS[principal]))
        req = req.set(k, v);
      const res = await (row.body ? req.send(row.body) : req);
      actual[principal] = res.status;
      expected[principal] = row.status[i];
    }
    expect(actual).toEqual(expected);
  });
});

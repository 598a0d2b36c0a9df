import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { startAlertmanager } from '../__testUtils__/alertmanager';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const SECRET = 'correlation-storm-secret';
const SHOPS = 4;

function entity(kind: string, name: string, spec: object): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { owner: 'group:default/ops', ...spec },
  };
}

/**
 * Independent shops, each a diamond over a database with a cache and an
 * API hop: edge → web → (api → svc-a), svc-b; svc-a → db, cache; svc-b → db.
 */
function shops(): Entity[] {
  return Array.from({ length: SHOPS }, (_, i) => [
    entity('Resource', `db-${i}`, { type: 'database' }),
    entity('Resource', `cache-${i}`, { type: 'cache' }),
    entity('API', `api-${i}`, { type: 'openapi' }),
    entity('Component', `svc-a-${i}`, {
      type: 'service',
      providesApis: [`api-${i}`],
      dependsOn: [`resource:db-${i}`, `resource:cache-${i}`],
    }),
    entity('Component', `svc-b-${i}`, {
      type: 'service',
      dependsOn: [`resource:db-${i}`],
    }),
    entity('Component', `web-${i}`, {
      type: 'website',
      consumesApis: [`api-${i}`],
      dependsOn: [`component:svc-b-${i}`],
    }),
    entity('Component', `edge-${i}`, {
      type: 'service',
      dependsOn: [`component:web-${i}`],
    }),
  ]).flat();
}

interface StormAlert {
  ref: string | null;
  alertname: string;
  startsAt: string;
}

const T0 = Date.now() - 5 * 60_000;
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const STORM_ENTITIES = ['db', 'svc-a', 'svc-b', 'web', 'edge'];
const SIGNALS = ['Down', 'Latency', 'Errors'];

/**
 * Database outages in shops 0, 1 and 2 at once (every entity of each alerts,
 * three signals each, over two minutes); a lone cache alert in shop 3; a
 * stale alert on edge-1 that began two hours earlier; an unmapped alert.
 * The expected partition: one incident per outage, one for the cache, one
 * for the stale alert, none for the unmapped one.
 */
function storm(): { alerts: StormAlert[]; expected: string[][] } {
  const alerts: StormAlert[] = [];
  const expected: string[][] = [];
  for (const shop of [0, 1, 2]) {
    const group: string[] = [];
    STORM_ENTITIES.forEach((name, hop) =>
      SIGNALS.forEach((signal, s) => {
        const kind = name.startsWith('db') ? 'resource' : 'component';
        const ref = `${kind}:default/${name}-${shop}`;
        alerts.push({ ref, alertname: signal, startsAt: at((hop + s) / 4) });
        group.push(`${ref} ${signal}`);
      }),
    );
    expected.push(group);
  }
  alerts.push({
    ref: 'resource:default/cache-3',
    alertname: 'Evictions',
    startsAt: at(1),
  });
  expected.push(['resource:default/cache-3 Evictions']);
  alerts.push({
    ref: 'component:default/edge-1',
    alertname: 'CertExpiry',
    startsAt: at(-120),
  });
  expected.push(['component:default/edge-1 CertExpiry']);
  alerts.push({ ref: null, alertname: 'Down', startsAt: at(0) });
  return { alerts, expected: expected.map(g => g.sort()).sort() };
}

function labelsOf(a: StormAlert) {
  return {
    alertname: a.alertname,
    severity: 'critical',
    ...(a.ref ? { backstage_entity: a.ref } : { host: 'unknown-host-7' }),
  };
}

async function startBackend(knex: Knex) {
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: shops() }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: { encryptionKey: 's'.repeat(40) },
          },
        },
      }),
    ],
  });
  return server;
}

/** Open incidents as sorted lists of "entity alertname", plus root causes. */
async function partition(knex: Knex) {
  const rows = await knex('alerts')
    .join('incidents', 'incidents.id', 'alerts.incident_id')
    .where('incidents.state', 'open')
    .select(
      'alerts.incident_id',
      'alerts.entity_ref',
      'alerts.labels',
      'incidents.entity_ref as root',
    );
  const groups = new Map<string, string[]>();
  const roots = new Set<string>();
  for (const r of rows) {
    const labels =
      typeof r.labels === 'string' ? JSON.parse(r.labels) : r.labels;
    const group = groups.get(r.incident_id) ?? [];
    group.push(`${r.entity_ref} ${labels.alertname}`);
    groups.set(r.incident_id, group);
    roots.add(r.root);
  }
  return {
    groups: [...groups.values()].map(g => g.sort()).sort(),
    roots: [...roots].sort(),
  };
}

const EXPECTED_ROOTS = [
  'component:default/edge-1',
  'resource:default/cache-3',
  'resource:default/db-0',
  'resource:default/db-1',
  'resource:default/db-2',
];

async function eventually(check: () => Promise<boolean>, what: string) {
  const until = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

const stored = async (knex: Knex) =>
  Number((await knex('alerts').count({ n: '*' }))[0].n);

describe.each(databases.eachSupportedId())(
  'an alert storm on %p',
  (databaseId: TestDatabaseId) => {
    it('delivered by a real Alertmanager in many webhooks, in any order, becomes one incident per outage', async () => {
      const knex = await databases.init(databaseId);
      const server = await startBackend(knex);
      const port = (server.address() as { port: number }).port;
      const alertmanager = await startAlertmanager({
        webhookBase: `http://127.0.0.1:${port}`,
        secret: SECRET,
        // One webhook per (entity, alertname): 49 webhooks for 49 alerts.
        groupBy: ['alertname', 'backstage_entity', 'host'],
      });
      try {
        const { alerts, expected } = storm();
        await alertmanager.post(
          alerts.map(a => ({
            labels: labelsOf(a),
            annotations: { summary: `${a.alertname} is firing` },
            startsAt: a.startsAt,
          })),
        );
        await eventually(
          async () => (await stored(knex)) === alerts.length,
          `all ${alerts.length} alerts stored`,
        );
        const { groups, roots } = await partition(knex);
        expect(groups).toEqual(expected);
        expect(roots).toEqual(EXPECTED_ROOTS);
        const unmapped = await knex('alerts').whereNull('entity_ref');
        expect(unmapped).toHaveLength(1);
        expect(unmapped[0].incident_id).toBeNull();
      } finally {
        await alertmanager.process.stop();
      }
    });

    it('received in parts by two backend instances at once still opens one incident per outage', async () => {
      const knex = await databases.init(databaseId);
      const instances = [await startBackend(knex), await startBackend(knex)];
      const { alerts, expected } = storm();
      // Shuffled, then two alerts a webhook, the webhooks alternating
      // between the instances, all in flight together.
      const shuffled = [...alerts].sort(
        (a, b) =>
          hash(`${a.ref}${a.alertname}`) - hash(`${b.ref}${b.alertname}`),
      );
      const posts = [];
      for (let i = 0; i < shuffled.length; i += 2) {
        const part = shuffled.slice(i, i + 2);
        posts.push(
          request(instances[(i / 2) % 2])
            .post('/api/awoooi/alerts/alertmanager')
            .set('x-awoooi-token', SECRET)
            .send(webhookOf(part)),
        );
      }
      const answers = await Promise.all(posts);
      expect(answers.map(a => a.status)).toEqual(posts.map(() => 202));
      // Webhooks stored together still each hear of their own alerts only.
      expect(answers.map(a => a.body.received)).toEqual(
        posts.map((_, i) => Math.min(2, shuffled.length - 2 * i)),
      );
      expect(answers.reduce((n, a) => n + a.body.created, 0)).toBe(
        alerts.length,
      );
      expect(await stored(knex)).toBe(alerts.length);
      const { groups, roots } = await partition(knex);
      expect(groups).toEqual(expected);
      expect(roots).toEqual(EXPECTED_ROOTS);
    });
  },
);

function webhookOf(alerts: StormAlert[]) {
  return {
    version: '4',
    status: 'firing',
    receiver: 'awoooi',
    groupKey: '{}:{}',
    alerts: alerts.map(a => ({
      status: 'firing',
      labels: labelsOf(a),
      annotations: { summary: `${a.alertname} is firing` },
      startsAt: a.startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: `${a.ref ?? 'unmapped'}-${a.alertname}`,
    })),
  };
}

/** A fixed, arbitrary order that is not the storm's own. */
function hash(text: string) {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
  return h;
}

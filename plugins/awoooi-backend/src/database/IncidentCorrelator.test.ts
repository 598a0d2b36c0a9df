import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { buildTopologyGraph } from '@awoooi/plugin-awoooi-node';
import type { NormalizedAlert } from '../domain';
import { AlertIngestStore } from './AlertIngestStore';
import { AnalysisQueueStore } from './AnalysisQueueStore';
import { DatabaseIncidentStore } from './IncidentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const entity = (kind: string, name: string, spec: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
  spec: { type: kind === 'Resource' ? 'database' : 'service', ...spec },
});

/** ingress → order-api → payment-service → payments-db; billing → billing-db. */
const graph = buildTopologyGraph([
  entity('Component', 'ingress', { dependsOn: ['component:order-api'] }),
  entity('Component', 'order-api', {
    dependsOn: ['component:payment-service'],
  }),
  entity('Component', 'payment-service', {
    dependsOn: ['resource:payments-db'],
  }),
  entity('Resource', 'payments-db', {}),
  entity('Component', 'billing', { dependsOn: ['resource:billing-db'] }),
  entity('Resource', 'billing-db', {}),
]);

const T0 = Date.parse('2026-11-29T03:00:00Z');
let serial = 0;
function alert(
  entityRef: string | null,
  minute = 0,
  overrides: Partial<NormalizedAlert> = {},
): NormalizedAlert {
  serial += 1;
  return {
    fingerprint: `am:${serial}`,
    source: 'alertmanager',
    status: 'firing',
    severity: 'warning',
    title: `Alert ${serial}`,
    labels: {},
    annotations: {},
    groupKey: `Alert${serial}`,
    entityRef,
    startsAt: new Date(T0 + minute * 60_000).toISOString(),
    endsAt: null,
    contentHash: `h${serial}`,
    ...overrides,
  };
}

const db = 'resource:default/payments-db';
const svc = (name: string) => `component:default/${name}`;

describe.each(databases.eachSupportedId())(
  'correlation in the IncidentStore on %s',
  databaseId => {
    async function store() {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@awoooi/plugin-awoooi-backend',
          'migrations',
        ),
      });
      return {
        incidents: DatabaseIncidentStore.create(knex),
        alerts: AlertIngestStore.create(knex, {
          maxDepth: 3,
          windowMs: 600_000,
        }),
        queue: AnalysisQueueStore.create(knex),
      };
    }

    it('opens one incident for an outage and its upstream alerts, named after the database', async () => {
      const stores = await store();
      const outcome = await stores.alerts.ingest(
        [
          alert(svc('ingress'), 3),
          alert(svc('order-api'), 2),
          alert(svc('payment-service'), 1),
          alert(db, 0),
          alert(db, 1),
          alert(svc('billing'), 1),
          alert(null, 1),
        ],
        { graph },
      );
      expect(outcome.opened).toHaveLength(2);
      const open = await stores.incidents.listIncidents({ state: 'open' });
      const outage = open.find(i => i.entityRef === db)!;
      expect(outage.totalAlerts).toBe(5);
      expect(outage.entities).toEqual([
        { entityRef: db, hopsToRootCause: 0 },
        { entityRef: svc('payment-service'), hopsToRootCause: 1 },
        { entityRef: svc('order-api'), hopsToRootCause: 2 },
        { entityRef: svc('ingress'), hopsToRootCause: 3 },
      ]);
      const billing = open.find(i => i.id !== outage.id)!;
      expect(billing.entityRef).toBe(svc('billing'));
      // Each affected entity's tab lists the outage once.
      const onIngress = await stores.incidents.listIncidents({
        entityRefs: [svc('ingress')],
      });
      expect(onIngress.map(i => i.id)).toEqual([outage.id]);
    });

    it('lets later alerts join, moves the root cause down and asks for a new analysis', async () => {
      const stores = await store();
      const first = await stores.alerts.ingest([alert(svc('order-api'), 0)], {
        graph,
      });
      const id = first.opened[0].id;
      const [claim] = await stores.queue.claimPendingAnalyses(
        10,
        new Date(Date.now() - 60_000).toISOString(),
        5,
      );
      await stores.queue.finishAnalysis(claim.id, claim.version, {
        state: 'done',
      });
      const later = await stores.alerts.ingest([alert(db, 4)], { graph });
      expect(later.opened).toEqual([]);
      expect(later.regrouped.map(i => i.id)).toEqual([id]);
      expect(await stores.incidents.getIncident(id)).toMatchObject({
        entityRef: db,
        analysisState: 'pending',
        totalAlerts: 2,
      });
    });

    it('keeps alerts further apart than the window in separate incidents', async () => {
      const stores = await store();
      await stores.alerts.ingest([alert(db, 0)], { graph });
      const late = await stores.alerts.ingest([alert(svc('ingress'), 30)], {
        graph,
      });
      expect(late.opened).toHaveLength(1);
      expect(
        await stores.incidents.listIncidents({ state: 'open' }),
      ).toHaveLength(2);
    });

    it('merges two open incidents when an alert connects them, keeping every alert', async () => {
      const stores = await store();
      // payment-service and billing-db share nothing; billing-db is not below it.
      const a = await stores.alerts.ingest([alert(svc('order-api'), 0)], {
        graph,
      });
      const b = await stores.alerts.ingest([alert(db, 1)], {
        graph: buildTopologyGraph([]),
      });
      expect(b.opened).toHaveLength(1);
      const bridge = await stores.alerts.ingest(
        [alert(svc('payment-service'), 2)],
        { graph },
      );
      expect(bridge.merged).toHaveLength(1);
      const survivor = a.opened[0].id;
      expect(bridge.merged[0].survivor.id).toBe(survivor);
      expect(bridge.merged[0].absorbed.id).toBe(b.opened[0].id);
      expect(await stores.incidents.getIncident(b.opened[0].id)).toMatchObject({
        state: 'merged',
        mergedInto: survivor,
        totalAlerts: 0,
      });
      expect(await stores.incidents.getIncident(survivor)).toMatchObject({
        state: 'open',
        entityRef: db,
        totalAlerts: 3,
      });
      // Only the survivor is analysed.
      const claims = await stores.queue.claimPendingAnalyses(
        10,
        new Date(Date.now() - 60_000).toISOString(),
        5,
      );
      expect(claims.map(c => c.id)).toEqual([survivor]);
    });

    it('raises a merge survivor to the severity of the firing alerts it absorbed', async () => {
      const stores = await store();
      const a = await stores.alerts.ingest([alert(svc('order-api'), 0)], {
        graph,
      });
      await stores.alerts.ingest([alert(db, 1, { severity: 'critical' })], {
        graph: buildTopologyGraph([]),
      });
      const bridge = await stores.alerts.ingest(
        [alert(svc('payment-service'), 2)],
        { graph },
      );
      expect(bridge.escalated.map(i => [i.id, i.severity])).toEqual([
        [a.opened[0].id, 'critical'],
      ]);
      expect(await stores.incidents.getIncident(a.opened[0].id)).toMatchObject({
        severity: 'critical',
        analysisState: 'pending',
      });
    });

    it('re-sends change nothing and a re-fired alert on the same entity stays in its incident', async () => {
      const stores = await store();
      const storm = [alert(db, 0), alert(svc('order-api'), 1)];
      const first = await stores.alerts.ingest(storm, { graph });
      const again = await stores.alerts.ingest(storm, { graph });
      expect(again).toMatchObject({ unchanged: 2, opened: [], merged: [] });
      // The same alert on the same entity, still firing, re-sent with a new
      // fingerprint outside the window: same incident.
      const refire = await stores.alerts.ingest(
        [alert(db, 90, { groupKey: storm[0].groupKey })],
        { graph },
      );
      expect(refire.opened).toEqual([]);
      expect(
        (await stores.incidents.getIncident(first.opened[0].id))!.totalAlerts,
      ).toBe(3);
      // Another alert group on that entity, that late, is a new outage.
      const later = await stores.alerts.ingest([alert(db, 110)], { graph });
      expect(later.opened).toHaveLength(1);
    });

    it('resolves the incident only when all its alerts resolve', async () => {
      const stores = await store();
      const storm = [alert(db, 0), alert(svc('ingress'), 1)];
      const { opened } = await stores.alerts.ingest(storm, { graph });
      const resolve = (a: NormalizedAlert) => ({
        ...a,
        status: 'resolved' as const,
        contentHash: `${a.contentHash}-r`,
      });
      const half = await stores.alerts.ingest([resolve(storm[0])], { graph });
      expect(half.resolved).toEqual([]);
      const all = await stores.alerts.ingest([resolve(storm[1])], { graph });
      expect(all.resolved.map(i => i.id)).toEqual([opened[0].id]);
    });

    it('opens one incident when parts of a storm arrive at once on several connections', async () => {
      const stores = await store();
      const storm = [
        alert(db, 0),
        alert(svc('payment-service'), 0),
        alert(svc('order-api'), 1),
        alert(svc('ingress'), 1),
        alert(db, 2),
        alert(svc('order-api'), 2),
      ];
      const results = await Promise.all(
        storm.map(a => stores.alerts.ingest([a], { graph })),
      );
      const open = await stores.incidents.listIncidents({ state: 'open' });
      expect(open).toHaveLength(1);
      expect(open[0].totalAlerts).toBe(storm.length);
      // The correlation lock serialises the decisions: one opens, the rest join.
      expect(results.flatMap(r => r.opened)).toHaveLength(1);
      expect(results.flatMap(r => r.merged)).toEqual([]);
    });

    it('keeps a resolution stored on another connection while the alert is first being stored', async () => {
      const stores = await store();
      const firing = alert(db, 0);
      const resolved = {
        ...firing,
        status: 'resolved' as const,
        contentHash: `${firing.contentHash}-r`,
      };
      let release!: () => void;
      const held = new Promise<void>(r => (release = r));
      let holding!: () => void;
      const opening = new Promise<void>(r => (holding = r));
      const first = stores.alerts.ingest([firing], {
        graph,
        // Holds the first transaction before it writes the alert.
        onIncidentsOpened: async () => {
          holding();
          await held;
          return new Map();
        },
      });
      await opening;
      const second = stores.alerts.ingest([resolved], { graph });
      // Time for the second to look for the alert (not stored yet) and wait.
      await new Promise(r => setTimeout(r, 300));
      release();
      const [, after] = await Promise.all([first, second]);
      expect(after.updated).toBe(1);
      const [incident] = await stores.incidents.listIncidents({});
      expect(incident.state).toBe('resolved');
      expect(incident.firingAlerts).toBe(0);
    });
  },
);

import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { IncidentAnalysis } from '@awoooi/plugin-awoooi-common';
import { AnalysisStore } from './AnalysisStore';
import type { NormalizedAlert } from '../domain';
import { AlertIngestStore } from './AlertIngestStore';
import { AnalysisQueueStore } from './AnalysisQueueStore';
import { DatabaseIncidentStore } from './IncidentStore';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    fingerprint: 'am:f1',
    source: 'alertmanager',
    status: 'firing',
    severity: 'warning',
    title: 'Errors',
    labels: {},
    annotations: {},
    groupKey: 'Errors',
    entityRef: 'component:default/frontend',
    startsAt: '2026-11-24T03:00:00.000Z',
    endsAt: null,
    contentHash: 'h1',
    ...overrides,
  };
}

function analysisBy(incidentId: string, brain: string): IncidentAnalysis {
  return {
    incidentId,
    brain,
    narrative: `narrative of ${brain}`,
    rootCauses: [],
    blastRadius: [],
    costPerHour: null,
    currency: 'USD',
    entitiesWalked: 1,
    remediations: [],
    notes: [],
    createdAt: new Date().toISOString(),
  };
}

const past = () => new Date(Date.now() - 60_000).toISOString();
const future = () => new Date(Date.now() + 60_000).toISOString();

describe.each(databases.eachSupportedId())(
  'IncidentStore on %s',
  databaseId => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    async function store() {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@awoooi/plugin-awoooi-backend',
          'migrations',
        ),
      });
      return {
        incidents: DatabaseIncidentStore.create(knex),
        alerts: AlertIngestStore.create(knex),
        queue: AnalysisQueueStore.create(knex),
      };
    }

    it('counts the firing alerts of the entities asked for, and only theirs', async () => {
      const stores = await store();
      await stores.alerts.ingest([
        alert({ fingerprint: 'am:a', groupKey: 'Errors' }),
        alert({ fingerprint: 'am:b', groupKey: 'Errors' }),
        alert({
          fingerprint: 'am:c',
          groupKey: 'Down',
          entityRef: 'resource:default/db',
        }),
        alert({
          fingerprint: 'am:d',
          groupKey: 'Far',
          entityRef: 'component:default/elsewhere',
        }),
      ]);
      const firing = await stores.incidents.firingByEntity([
        'component:default/frontend',
        'resource:default/db',
        'resource:default/quiet',
      ]);
      expect(Object.fromEntries(firing)).toEqual({
        'component:default/frontend': ['firing alert Errors (2)'],
        'resource:default/db': ['firing alert Down (1)'],
      });
      expect((await stores.incidents.firingByEntity([])).size).toBe(0);
    });

    it('hands a pending analysis to one of two concurrent workers', async () => {
      const stores = await store();
      await stores.alerts.ingest([alert()]);
      const [a, b] = await Promise.all([
        stores.queue.claimPendingAnalyses(10, past(), 5),
        stores.queue.claimPendingAnalyses(10, past(), 5),
      ]);
      expect(a.length + b.length).toBe(1);
    });

    it('claims an incident’s first analysis before fresh looks at incidents analysed already', async () => {
      const stores = await store();
      const { opened: older } = await stores.alerts.ingest([
        alert({ fingerprint: 'am:old', entityRef: 'resource:default/db' }),
      ]);
      const [first] = await stores.queue.claimPendingAnalyses(1, past(), 5);
      await stores.queue.finishAnalysis(first.id, first.version, {
        state: 'done',
      });
      const { opened: newer } = await stores.alerts.ingest([
        alert({
          fingerprint: 'am:new',
          groupKey: 'Down',
          entityRef: 'component:default/far-away',
          startsAt: '2026-11-25T03:00:00.000Z',
        }),
      ]);
      // The older incident asks for a new look after the new one opened.
      expect(await stores.queue.requeueAnalysis(older[0].id)).toBe(true);
      const [next] = await stores.queue.claimPendingAnalyses(1, past(), 5);
      expect(next.id).toBe(newer[0].id);
      const [then] = await stores.queue.claimPendingAnalyses(1, past(), 5);
      expect(then.id).toBe(older[0].id);
    });

    it('gives a crashed worker’s analysis to the next one, and only the latest claim may finish it', async () => {
      const stores = await store();
      const { opened } = await stores.alerts.ingest([alert()]);
      const [crashed] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      expect(
        (await stores.incidents.getIncident(opened[0].id))!.analysisState,
      ).toBe('running');

      // Not stale yet: nobody takes it.
      expect(await stores.queue.claimPendingAnalyses(10, past(), 5)).toEqual(
        [],
      );
      // Stale (its claim is older than the timeout): taken again.
      const [retry] = await stores.queue.claimPendingAnalyses(10, future(), 5);
      expect(retry).toEqual({ id: crashed.id, version: crashed.version + 1 });

      expect(
        await stores.queue.finishAnalysis(crashed.id, crashed.version, {
          state: 'done',
        }),
      ).toBe(false);
      expect(
        await stores.queue.finishAnalysis(retry.id, retry.version, {
          state: 'done',
        }),
      ).toBe(true);
      expect(
        (await stores.incidents.getIncident(crashed.id))!.analysisState,
      ).toBe('done');
    });

    it('marks an analysis failed after its attempts are used up', async () => {
      const stores = await store();
      const { opened } = await stores.alerts.ingest([alert()]);
      for (let attempt = 0; attempt < 2; attempt++) {
        expect(
          await stores.queue.claimPendingAnalyses(10, future(), 2),
        ).toHaveLength(1);
      }
      expect(await stores.queue.claimPendingAnalyses(10, future(), 2)).toEqual(
        [],
      );
      await stores.queue.failExhaustedAnalyses(2, future());
      expect(
        (await stores.incidents.getIncident(opened[0].id))!.analysisState,
      ).toBe('failed');
    });

    it('keeps one open incident per entity and alert group under concurrent webhooks', async () => {
      const stores = await store();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          stores.alerts.ingest([
            alert({ fingerprint: `am:c${i}`, contentHash: `c${i}` }),
          ]),
        ),
      );
      expect(results.flatMap(r => r.opened)).toHaveLength(1);
      const open = await stores.incidents.listIncidents({ state: 'open' });
      expect(open).toHaveLength(1);
      expect(open[0].totalAlerts).toBe(10);
    });

    it('escalates on a more severe alert and asks for a new analysis', async () => {
      const stores = await store();
      const { opened } = await stores.alerts.ingest([alert()]);
      const [claim] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      await stores.queue.finishAnalysis(claim.id, claim.version, {
        state: 'done',
      });
      const { escalated } = await stores.alerts.ingest([
        alert({
          fingerprint: 'am:f2',
          contentHash: 'h2',
          severity: 'critical',
        }),
      ]);
      expect(escalated.map(i => i.id)).toEqual([opened[0].id]);
      expect(await stores.incidents.getIncident(opened[0].id)).toMatchObject({
        severity: 'critical',
        analysisState: 'pending',
      });
    });

    it('keeps an escalation that arrives while the analysis runs', async () => {
      const stores = await store();
      const { opened } = await stores.alerts.ingest([alert()]);
      const [running] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      await stores.alerts.ingest([
        alert({
          fingerprint: 'am:f2',
          contentHash: 'h2',
          severity: 'critical',
        }),
      ]);
      // The run that started before the escalation may not mark it done.
      expect(
        await stores.queue.finishAnalysis(running.id, running.version, {
          state: 'done',
        }),
      ).toBe(false);
      expect(
        (await stores.incidents.getIncident(opened[0].id))!.analysisState,
      ).toBe('pending');
      const [again] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      expect(again.id).toBe(opened[0].id);
      expect(again.version).toBeGreaterThan(running.version);
      expect(
        await stores.queue.finishAnalysis(again.id, again.version, {
          state: 'done',
        }),
      ).toBe(true);
    });

    it('lets no stale worker replace a newer analysis', async () => {
      const stores = await store();
      const analyses = AnalysisStore.create(knex);
      const { opened } = await stores.alerts.ingest([alert()]);
      const id = opened[0].id;
      const [stale] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      const [fresh] = await stores.queue.claimPendingAnalyses(10, future(), 5);
      const finish = (claim: typeof stale, brain: string) =>
        stores.queue.finishAnalysis(
          claim.id,
          claim.version,
          { state: 'done' },
          trx => analyses.saveAnalysis(analysisBy(id, brain), trx),
        );
      expect(await finish(fresh, 'fresh')).toBe(true);
      expect(await finish(stale, 'stale')).toBe(false);
      expect((await analyses.getAnalysis(id))!.brain).toBe('fresh');
    });

    it('re-queues a done analysis with a newer version, once', async () => {
      const stores = await store();
      const { opened } = await stores.alerts.ingest([alert()]);
      const [first] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      await stores.queue.finishAnalysis(first.id, first.version, {
        state: 'done',
      });
      const requeued = await Promise.all([
        stores.queue.requeueAnalysis(opened[0].id),
        stores.queue.requeueAnalysis(opened[0].id),
      ]);
      expect(requeued.filter(Boolean)).toHaveLength(1);
      const [second] = await stores.queue.claimPendingAnalyses(10, past(), 5);
      expect(second.version).toBeGreaterThan(first.version + 1);
    });

    it('resolves an incident once when HA peers send its resolution at the same time', async () => {
      const stores = await store();
      const peers = 8;
      for (let round = 0; round < 3; round++) {
        const firing = alert({
          fingerprint: `am:ha${round}`,
          groupKey: `HA${round}`,
          contentHash: `f${round}`,
        });
        await stores.alerts.ingest([firing]);
        const resolved = {
          ...firing,
          status: 'resolved' as const,
          endsAt: '2026-11-24T03:20:00.000Z',
          contentHash: `r${round}`,
        };
        const outcomes = await Promise.all(
          Array.from({ length: peers }, () => stores.alerts.ingest([resolved])),
        );
        expect(outcomes.flatMap(o => o.resolved)).toHaveLength(1);
      }
    });

    it('announces each severity of an incident once, even from two instances at once', async () => {
      const stores = await store();
      const { opened } = await stores.alerts.ingest([alert()]);
      const id = opened[0].id;
      expect(
        await stores.incidents.swapNotifiedSeverity(id, 'warning'),
      ).toBeNull();
      expect(
        await stores.incidents.swapNotifiedSeverity(id, 'warning'),
      ).toBeUndefined();
      const racing = await Promise.all([
        stores.incidents.swapNotifiedSeverity(id, 'critical'),
        stores.incidents.swapNotifiedSeverity(id, 'critical'),
      ]);
      expect(racing.filter(r => r !== undefined)).toEqual(['warning']);
    });
  },
);

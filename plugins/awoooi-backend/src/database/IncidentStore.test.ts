import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { IncidentStore, NormalizedAlert } from './IncidentStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';

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

const past = () => new Date(Date.now() - 60_000).toISOString();
const future = () => new Date(Date.now() + 60_000).toISOString();

describe.each(databases.eachSupportedId())(
  'IncidentStore on %s',
  databaseId => {
    async function store() {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@awoooi/plugin-awoooi-backend',
          'migrations',
        ),
      });
      return new IncidentStore(knex);
    }

    it('hands a pending analysis to one of two concurrent workers', async () => {
      const incidents = await store();
      await incidents.ingest([alert()]);
      const [a, b] = await Promise.all([
        incidents.claimPendingAnalyses(10, past(), 5),
        incidents.claimPendingAnalyses(10, past(), 5),
      ]);
      expect(a.length + b.length).toBe(1);
    });

    it('gives a crashed worker’s analysis to the next one, and only the latest claim may finish it', async () => {
      const incidents = await store();
      const { opened } = await incidents.ingest([alert()]);
      const [crashed] = await incidents.claimPendingAnalyses(10, past(), 5);
      expect((await incidents.getIncident(opened[0].id))!.analysisState).toBe(
        'running',
      );

      // Not stale yet: nobody takes it.
      expect(await incidents.claimPendingAnalyses(10, past(), 5)).toEqual([]);
      // Stale (its claim is older than the timeout): taken again.
      const [retry] = await incidents.claimPendingAnalyses(10, future(), 5);
      expect(retry).toEqual({ id: crashed.id, version: crashed.version + 1 });

      expect(
        await incidents.finishAnalysis(crashed.id, crashed.version, {
          state: 'done',
        }),
      ).toBe(false);
      expect(
        await incidents.finishAnalysis(retry.id, retry.version, {
          state: 'done',
        }),
      ).toBe(true);
      expect((await incidents.getIncident(crashed.id))!.analysisState).toBe(
        'done',
      );
    });

    it('marks an analysis failed after its attempts are used up', async () => {
      const incidents = await store();
      const { opened } = await incidents.ingest([alert()]);
      for (let attempt = 0; attempt < 2; attempt++) {
        expect(
          await incidents.claimPendingAnalyses(10, future(), 2),
        ).toHaveLength(1);
      }
      expect(await incidents.claimPendingAnalyses(10, future(), 2)).toEqual([]);
      await incidents.failExhaustedAnalyses(2, future());
      expect((await incidents.getIncident(opened[0].id))!.analysisState).toBe(
        'failed',
      );
    });

    it('keeps one open incident per entity and alert group under concurrent webhooks', async () => {
      const incidents = await store();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          incidents.ingest([
            alert({ fingerprint: `am:c${i}`, contentHash: `c${i}` }),
          ]),
        ),
      );
      expect(results.flatMap(r => r.opened)).toHaveLength(1);
      const open = await incidents.listIncidents({ state: 'open' });
      expect(open).toHaveLength(1);
      expect(open[0].totalAlerts).toBe(10);
    });

    it('escalates on a more severe alert and asks for a new analysis', async () => {
      const incidents = await store();
      const { opened } = await incidents.ingest([alert()]);
      const [claim] = await incidents.claimPendingAnalyses(10, past(), 5);
      await incidents.finishAnalysis(claim.id, claim.version, {
        state: 'done',
      });
      const { escalated } = await incidents.ingest([
        alert({
          fingerprint: 'am:f2',
          contentHash: 'h2',
          severity: 'critical',
        }),
      ]);
      expect(escalated.map(i => i.id)).toEqual([opened[0].id]);
      expect(await incidents.getIncident(opened[0].id)).toMatchObject({
        severity: 'critical',
        analysisState: 'pending',
      });
    });

    it('announces each severity of an incident once, even from two instances at once', async () => {
      const incidents = await store();
      const { opened } = await incidents.ingest([alert()]);
      const id = opened[0].id;
      expect(await incidents.swapNotifiedSeverity(id, 'warning')).toBeNull();
      expect(
        await incidents.swapNotifiedSeverity(id, 'warning'),
      ).toBeUndefined();
      const racing = await Promise.all([
        incidents.swapNotifiedSeverity(id, 'critical'),
        incidents.swapNotifiedSeverity(id, 'critical'),
      ]);
      expect(racing.filter(r => r !== undefined)).toEqual(['warning']);
    });
  },
);

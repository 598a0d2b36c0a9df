import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { AnalysisStore } from '../database/AnalysisStore';
import { AlertIngestStore } from '../database/AlertIngestStore';
import { Reasoning } from './Reasoning';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('Reasoning on %s', databaseId => {
  it('reports a failed transcript write to the analysis instead of leaving it unhandled', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@awoooi/plugin-awoooi-backend',
        'migrations',
      ),
    });
    const { opened } = await AlertIngestStore.create(knex).ingest([
      {
        fingerprint: 'am:r1',
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
      },
    ]);
    const incidentId = opened[0].id;
    const store = AnalysisStore.create(knex);
    const reasoning = new Reasoning(incidentId, store, {
      publish: async () => undefined,
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await reasoning.step('Analysing');
      // Another writer takes the next line number: the streamed line cannot be stored.
      await store.insertTranscriptLine(incidentId, {
        seq: 2,
        at: new Date().toISOString(),
        kind: 'step',
        text: 'another analysis',
      });
      reasoning.token('a model line\n');
      await new Promise(r => setTimeout(r, 500));
      expect(unhandled).toEqual([]);
      // (The driver's error class may come from another realm: match its message.)
      const failure = await reasoning.settle().then(
        () => undefined,
        (error: Error) => error,
      );
      expect(failure?.message).toMatch(/UNIQUE constraint|duplicate key/);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

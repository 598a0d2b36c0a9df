import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { NormalizedAlert } from '../domain';
import { AlertIngestStore } from './AlertIngestStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const directory = resolvePackagePath(
  '@awoooi/plugin-awoooi-backend',
  'migrations',
);

function firing(fingerprint: string): NormalizedAlert {
  return {
    fingerprint,
    source: 'alertmanager',
    status: 'firing',
    severity: 'high',
    title: 'Errors',
    labels: {},
    annotations: {},
    groupKey: 'Errors',
    entityRef: 'component:default/frontend',
    startsAt: '2026-11-24T03:00:00.000Z',
    endsAt: null,
    contentHash: fingerprint,
  };
}

function toRow(a: NormalizedAlert) {
  return {
    fingerprint: a.fingerprint,
    source: a.source,
    status: a.status,
    severity: a.severity,
    title: a.title,
    labels: JSON.stringify(a.labels),
    annotations: JSON.stringify(a.annotations),
    group_key: a.groupKey,
    entity_ref: a.entityRef,
    content_hash: a.contentHash,
    starts_at: a.startsAt,
    ends_at: a.endsAt,
  };
}

describe.each(databases.eachSupportedId())(
  'upgrading open incidents to hashed keys on %s',
  databaseId => {
    it('keeps an incident opened before the upgrade the one new alerts join', async () => {
      const knex = await databases.init(databaseId);
      // The three migrations before correlation and the group-key one.
      for (let i = 0; i < 3; i++) await knex.migrate.up({ directory });
      const now = new Date().toISOString();
      await knex('incidents').insert({
        id: 'old-incident',
        entity_ref: 'component:default/frontend',
        group_key: 'Errors',
        open_key: 'component:default/frontend|Errors',
        title: 'Errors',
        severity: 'warning',
        state: 'open',
        analysis_state: 'done',
        opened_at: now,
        updated_at: now,
      });
      await knex('alerts').insert({
        ...toRow(firing('am:old')),
        id: 'old-alert',
        severity: 'warning',
        incident_id: 'old-incident',
        received_at: now,
        updated_at: now,
      });
      await knex.migrate.latest({ directory });

      const outcome = await AlertIngestStore.create(knex).ingest([
        firing('am:new'),
      ]);
      expect(outcome.opened).toEqual([]);
      expect(outcome.escalated.map(i => i.id)).toEqual(['old-incident']);
      const [{ n }] = await knex('incidents').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });
  },
);

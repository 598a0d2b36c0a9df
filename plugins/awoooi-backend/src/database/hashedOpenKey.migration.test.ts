import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { IncidentStore } from './IncidentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const directory = resolvePackagePath(
  '@awoooi/plugin-awoooi-backend',
  'migrations',
);
const MIGRATION = '20261129000000_hashed_open_key.js';

/** Applies the migrations that come before the one under test. */
async function migrateUpTo(knex: Knex, name: string) {
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory });
    const next = pending[0];
    if (!next || (next.file ?? next.name) === name) return;
    await knex.migrate.up({ directory });
  }
}

describe.each(databases.eachSupportedId())(
  'the hashed open key migration on %s',
  databaseId => {
    it('rekeys open incidents so their alerts keep joining them', async () => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, MIGRATION);
      const now = new Date().toISOString();
      const groupKey = 'Login failures for bob.smith@example.org';
      const row = {
        entity_ref: 'component:default/frontend',
        group_key: groupKey,
        title: groupKey,
        severity: 'warning',
        state: 'open',
        analysis_state: 'done',
        opened_at: now,
        updated_at: now,
      };
      await knex('incidents').insert([
        {
          ...row,
          id: 'open-1',
          open_key: `component:default/frontend|${groupKey}`,
        },
        { ...row, id: 'resolved-1', state: 'resolved', open_key: null },
      ]);

      await knex.migrate.latest({ directory });

      const keys = await knex('incidents').orderBy('id').pluck('open_key');
      expect(keys).toEqual([
        expect.stringMatching(/^component:default\/frontend\|[0-9a-f]{64}$/),
        null,
      ]);
      expect(keys.join()).not.toContain('bob.smith');
      const { opened } = await new IncidentStore(knex).ingest([
        {
          fingerprint: 'am:login',
          source: 'alertmanager',
          status: 'firing',
          severity: 'warning',
          title: groupKey,
          labels: {},
          annotations: {},
          groupKey,
          entityRef: 'component:default/frontend',
          startsAt: now,
          endsAt: null,
          contentHash: 'h1',
        },
      ]);
      expect(opened).toEqual([]);
      expect(
        await knex('alerts').where('fingerprint', 'am:login').first(),
      ).toMatchObject({ incident_id: 'open-1' });
    });
  },
);

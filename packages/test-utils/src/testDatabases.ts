/* eslint-disable jest/no-export, jest/expect-expect, jest/no-disabled-tests --
   a helper, not a test file: it registers the PostgreSQL placeholder test in
   the test file that calls it. */
import { TestDatabases } from '@backstage/backend-test-utils';

const WHY =
  'PostgreSQL 15 is not configured (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)';

/**
 * PostgreSQL 15 and SQLite for store and integration tests. TestDatabases
 * silently drops a database it cannot reach; here a missing PostgreSQL is a
 * failing test in CI and a skipped one, with the reason, elsewhere, so its
 * variants never disappear from a run unnoticed. Call once at the top of a
 * test file.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  if (!databases.supports('POSTGRES_15')) {
    if (process.env.CI) {
      it('runs its PostgreSQL variants (CI)', () => {
        throw new Error(`${WHY}; CI must run every PostgreSQL variant`);
      });
    } else {
      it.skip(`PostgreSQL variants: ${WHY}`, () => {});
    }
  }
  return databases;
}

/** Whether the PostgreSQL-only tests can run (see {@link createTestDatabases}). */
export function hasPostgres(databases: TestDatabases): boolean {
  return databases.supports('POSTGRES_15');
}

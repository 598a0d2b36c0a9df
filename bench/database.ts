/**
 * Fresh databases for benchmarks: PostgreSQL when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (created and
 * dropped around the run), SQLite in memory.
 */
import knexFactory, { Knex } from 'knex';

export interface BenchDatabase {
  knex: Knex;
  engine: string;
  drop: () => Promise<void>;
}

export function openSqlite(): BenchDatabase {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  return { knex, engine: 'SQLite (in memory)', drop: () => knex.destroy() };
}

/** A new PostgreSQL database, or undefined when none is configured. */
export async function openPostgres(
  purpose: string,
): Promise<BenchDatabase | undefined> {
  const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!pg) return undefined;
  const name = `awoooi_bench_${purpose}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: pg });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(pg);
  url.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 10 },
  });
  return {
    knex,
    engine: 'PostgreSQL',
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    },
  };
}

/** PostgreSQL when configured, SQLite in memory otherwise. */
export async function openBenchDatabase(
  purpose: string,
): Promise<BenchDatabase> {
  return (await openPostgres(purpose)) ?? openSqlite();
}

/**
 * The database kit the plugin and its modules share: one database (the
 * plugin's, migrated by the backend plugin) and the helpers every store
 * uses to read and write it the same way on PostgreSQL and SQLite.
 */
import type { Knex } from 'knex';

export type Db = Knex | Knex.Transaction;

/** Timestamps go in as ISO strings and come out as Date (pg) or string (SQLite). */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return new Date(String(value)).toISOString();
}

/** A timestamp column as epoch milliseconds, without an ISO string on the way. */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return new Date(String(value)).getTime();
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  return JSON.parse(value) as T;
}

/**
 * Rows a multi-row statement may carry: PostgreSQL's wire protocol binds at
 * most 65,535 parameters, SQLite (by its long-standing default) 999.
 */
export function rowsPerStatement(db: Db, columnsPerRow: number): number {
  const bindings = db.client.config.client === 'pg' ? 65_535 : 999;
  return Math.max(1, Math.floor(bindings / columnsPerRow));
}

/** SQLite caps bound parameters per statement; chunk large IN lists. */
export function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** A unique-constraint violation, on PostgreSQL or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** Booleans come back as 1/0 from SQLite. */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/**
 * Rows of `query()` whose `column` is one of `values`: one array parameter
 * on PostgreSQL (a storm's batch is hundreds or thousands of keys), chunks
 * under SQLite's bound-parameter limit elsewhere.
 */
export async function selectWhereIn<T>(
  db: Db,
  column: string,
  values: readonly string[],
  query: () => Knex.QueryBuilder,
): Promise<T[]> {
  if (values.length === 0) return [];
  if (db.client.config.client === 'pg') {
    return (await query().whereRaw('?? = any(?)', [
      column,
      // knex's binding types have no arrays, which pg binds as one array parameter.
      [...values] as any,
    ])) as T[];
  }
  const rows: T[] = [];
  for (const part of chunks([...values])) {
    rows.push(...(await query().whereIn(column, part)));
  }
  return rows;
}

import type { Db } from './util';
import { chunks, rowsPerStatement } from './util';

/** What to do with a row whose `columns` clash with a stored one. */
export interface OnConflict {
  /** The columns of the unique key a clash is on. */
  columns: readonly string[];
  /** Columns to overwrite with the new row's values; none: keep the stored row. */
  merge?: readonly string[];
}

/**
 * Inserts many rows in as few statements as the database allows; with
 * `conflict`, a row clashing with a stored one is skipped or merged into it.
 * On PostgreSQL rows that all have the same columns travel as one JSON
 * parameter unpacked by `json_populate_recordset` into the table's own
 * column types: a storm's batch of thousands of alerts is one statement
 * with one parameter instead of tens of thousands of bound values to
 * build, send and parse. Elsewhere: multi-row inserts sized to the
 * bound-parameter limit. Only for tables whose columns take their values
 * from JSON text as from a bound string (text, numbers, booleans,
 * timestamps; the plugin's tables have no json columns).
 */
export async function insertMany(
  db: Db,
  table: string,
  rows: ReadonlyArray<object>,
  conflict?: OnConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  if (db.client.config.client === 'pg' && sameColumns(rows, columns)) {
    await db.raw(jsonInsert(columns.length, conflict), [
      table,
      ...columns,
      ...columns,
      table,
      JSON.stringify(rows),
      ...(conflict?.columns ?? []),
      ...(conflict?.merge ?? []).flatMap(c => [c, c]),
    ]);
    return;
  }
  for (const part of chunks([...rows], rowsPerStatement(db, columns.length))) {
    await boundInsert(db, table, part, conflict);
  }
}

function boundInsert(
  db: Db,
  table: string,
  rows: object[],
  conflict: OnConflict | undefined,
) {
  const insert = db(table).insert(rows);
  if (!conflict) return insert;
  const onConflict = insert.onConflict([...conflict.columns]);
  return conflict.merge
    ? onConflict.merge([...conflict.merge])
    : onConflict.ignore();
}

/** `insert … select … from json_populate_recordset(…) on conflict …`, with `??` for names. */
function jsonInsert(columnCount: number, conflict?: OnConflict): string {
  const names = (n: number) => Array.from({ length: n }, () => '??').join(', ');
  const insert =
    `insert into ?? (${names(columnCount)}) select ${names(columnCount)} ` +
    `from json_populate_recordset(null::??, ?)`;
  if (!conflict) return insert;
  const action = conflict.merge
    ? `do update set ${conflict.merge.map(() => '?? = excluded.??').join(', ')}`
    : 'do nothing';
  return `${insert} on conflict (${names(conflict.columns.length)}) ${action}`;
}

/**
 * Every row has exactly these columns, none undefined: a missing value
 * would reach the table as NULL from JSON, where a bound insert writes the
 * column's default.
 */
function sameColumns(
  rows: ReadonlyArray<object>,
  columns: readonly string[],
): boolean {
  return rows.every(
    row =>
      Object.keys(row).length === columns.length &&
      columns.every(c => (row as Record<string, unknown>)[c] !== undefined),
  );
}

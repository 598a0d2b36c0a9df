import { chunks, Db, rowsPerStatement } from '@awoooi/plugin-awoooi-node';

/** What to do with a row whose `columns` clash with a stored one. */
export interface OnConflict {
  columns: readonly string[];
  /** Columns to overwrite with the new row's values; none: keep the stored row. */
  merge?: readonly string[];
}

/**
 * Inserts rows that all have the same columns, in as few statements as the
 * database allows. On PostgreSQL the rows travel as one JSON parameter
 * unpacked by `json_populate_recordset` into the table's own column types:
 * a storm's batch of thousands of alerts is one statement with one
 * parameter instead of tens of thousands of bound values to build, send
 * and parse. Elsewhere: multi-row inserts sized to the bound-parameter
 * limit. Only for tables whose columns take their values from JSON text
 * as from a bound string (text, numbers, booleans, timestamps; not json).
 */
export async function upsertRows(
  db: Db,
  table: string,
  rows: ReadonlyArray<object>,
  conflict: OnConflict,
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
      ...conflict.columns,
      ...(conflict.merge ?? []).flatMap(c => [c, c]),
    ]);
    return;
  }
  for (const part of chunks([...rows], rowsPerStatement(db, columns.length))) {
    const insert = db(table)
      .insert(part)
      .onConflict([...conflict.columns]);
    await (conflict.merge
      ? insert.merge([...conflict.merge])
      : insert.ignore());
  }
}

/** `insert … select … from json_populate_recordset(…) on conflict …`, with `??` for names. */
function jsonInsert(columnCount: number, conflict: OnConflict): string {
  const names = (n: number) => Array.from({ length: n }, () => '??').join(', ');
  const onConflict = `on conflict (${names(conflict.columns.length)})`;
  const action = conflict.merge
    ? `do update set ${conflict.merge.map(() => '?? = excluded.??').join(', ')}`
    : 'do nothing';
  return (
    `insert into ?? (${names(columnCount)}) select ${names(columnCount)} ` +
    `from json_populate_recordset(null::??, ?) ${onConflict} ${action}`
  );
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

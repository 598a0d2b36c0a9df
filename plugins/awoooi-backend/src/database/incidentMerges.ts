/**
 * When a loose alert relates to several open incidents they become one: the
 * oldest survives, the others hand it their alerts and point at it
 * (`merged_into`).
 */
import type { Knex } from 'knex';
import { chunks, toEpochMs } from '@awoooi/plugin-awoooi-node';
import type { IncidentRow } from './rows';

export interface Merge {
  absorbed: IncidentRow;
  survivor: IncidentRow;
}

/**
 * The oldest of the incidents survives and absorbs the others (added to
 * `merges`); returns its row.
 */
export function survivorOf(incidents: IncidentRow[], merges: Merge[]) {
  const [survivor, ...absorbed] = [...incidents].sort(
    (a, b) =>
      toEpochMs(a.opened_at) - toEpochMs(b.opened_at) || (a.id < b.id ? -1 : 1),
  );
  for (const row of absorbed) merges.push({ absorbed: row, survivor });
  return survivor;
}

/** Absorbed incidents hand their alerts to their survivor and point at it. */
export async function recordMerges(
  trx: Knex.Transaction,
  merges: Merge[],
  now: string,
) {
  const bySurvivor = new Map<string, string[]>();
  for (const { absorbed, survivor } of merges) {
    bySurvivor.set(survivor.id, [
      ...(bySurvivor.get(survivor.id) ?? []),
      absorbed.id,
    ]);
  }
  for (const [survivor, absorbed] of bySurvivor) {
    for (const part of chunks(absorbed)) {
      await trx('alerts')
        .whereIn('incident_id', part)
        .update({ incident_id: survivor });
      await trx('incidents').whereIn('id', part).update({
        state: 'merged',
        merged_into: survivor,
        open_key: null,
        resolved_at: now,
        updated_at: now,
      });
    }
  }
}

import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import { selectWhereIn, toIso } from '@awoooi/plugin-awoooi-node';
import type { NormalizedAlert } from '../domain';
import type { IngestOutcome } from './ingestOutcome';
import type { AlertRow, PlacedIncidentRow } from './rows';

/** What a re-sent alert may change; its id, fingerprint and arrival stay. */
export const UPDATED_ALERT_COLUMNS = [
  'source',
  'status',
  'severity',
  'title',
  'labels',
  'annotations',
  'group_key',
  'entity_ref',
  'content_hash',
  'starts_at',
  'ends_at',
  'updated_at',
  'incident_id',
];

/** The stored rows of these fingerprints, by fingerprint. */
export async function existingAlerts(
  trx: Knex.Transaction,
  fingerprints: string[],
) {
  const rows = await selectWhereIn<AlertRow>(
    trx,
    'fingerprint',
    fingerprints,
    () => trx('alerts'),
  );
  return new Map(rows.map(row => [row.fingerprint, row]));
}

/** Alert rows to insert (new fingerprints) and to update (stored ones). */
export interface AlertWrites {
  inserts: AlertRow[];
  updates: AlertRow[];
}

/**
 * Rows for the changed alerts: inserts for new fingerprints, updates for
 * stored ones (a resolved alert stays with the incident it belonged to).
 */
export function alertRows(
  {
    changed,
    existing,
    now,
    outcome,
  }: {
    changed: NormalizedAlert[];
    existing: Map<string, AlertRow>;
    now: string;
    outcome: IngestOutcome;
  },
  placement: Map<string, PlacedIncidentRow>,
): AlertWrites {
  const inserts: AlertRow[] = [];
  const updates: AlertRow[] = [];
  for (const a of changed) {
    const row = existing.get(a.fingerprint);
    const incidentId =
      placement.get(a.fingerprint)?.id ?? row?.incident_id ?? null;
    outcome.alerts.set(a.fingerprint, {
      change: row ? 'updated' : 'created',
      incidentId,
    });
    const values = { ...alertValues(a, row, now), incident_id: incidentId };
    if (row) {
      outcome.updated++;
      updates.push({
        ...values,
        id: row.id,
        received_at: toIso(row.received_at),
      });
    } else {
      outcome.created++;
      inserts.push({ ...values, id: randomUUID(), received_at: now });
    }
  }
  return { inserts, updates };
}

function alertValues(
  a: NormalizedAlert,
  row: AlertRow | undefined,
  now: string,
): Omit<AlertRow, 'id' | 'incident_id' | 'received_at'> {
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
    // Senders that give no start time started when first received.
    starts_at: a.startsAt || (row ? toIso(row.starts_at) : now),
    ends_at: a.status === 'resolved' ? a.endsAt ?? now : null,
    updated_at: now,
  };
}

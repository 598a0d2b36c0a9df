import {
  compareSeverity,
  maxSeverity,
  type Severity,
} from '@awoooi/plugin-awoooi-common';
import { chunks, Db } from '@awoooi/plugin-awoooi-node';
import type { NormalizedAlert } from '../domain';
import type { IngestOutcome } from './ingestOutcome';
import { requeuedAnalysis, rowToIncident } from './incidentRows';
import type { IncidentRow, PlacedIncidentRow } from './rows';

/** The highest severity of each incident's firing alerts. */
async function firingSeverities(
  db: Db,
  incidentIds: string[],
): Promise<Map<string, Severity>> {
  const highest = new Map<string, Severity>();
  for (const part of chunks(incidentIds)) {
    const stats = await db('alerts')
      .distinct('incident_id', 'severity')
      .whereIn('incident_id', part)
      .andWhere('status', 'firing');
    for (const s of stats) {
      const prev = highest.get(s.incident_id);
      highest.set(
        s.incident_id,
        prev ? maxSeverity(prev, s.severity) : s.severity,
      );
    }
  }
  return highest;
}

/** Incidents whose root cause moved need a new analysis. */
export async function requeueRegrouped(
  trx: Db,
  rows: PlacedIncidentRow[],
  outcome: IngestOutcome,
) {
  const fresh = new Set(outcome.opened.map(i => i.id));
  for (const row of rows) {
    if (fresh.has(row.id)) continue;
    await trx('incidents').where({ id: row.id }).update(requeuedAnalysis(trx));
    outcome.regrouped.push(
      rowToIncident({ ...row, analysis_state: 'pending' }),
    );
  }
}

/**
 * Raises incidents that received firing alerts to the highest severity
 * among them — read from the webhook, not from every alert of the
 * incident, which may hold thousands. A merge survivor also takes on the
 * firing alerts of the incidents it absorbed.
 */
export async function escalate(
  trx: Db,
  rows: PlacedIncidentRow[],
  placed: Array<{ alert: NormalizedAlert; incidentId: string }>,
  survivors: string[],
  outcome: IngestOutcome,
  now: string,
) {
  const highest = await firingSeverities(trx, survivors);
  for (const { alert, incidentId } of placed) {
    if (alert.status !== 'firing') continue;
    const prev = highest.get(incidentId);
    highest.set(
      incidentId,
      prev ? maxSeverity(prev, alert.severity) : alert.severity,
    );
  }
  for (const row of rows) {
    const severity = highest.get(row.id);
    if (!severity) continue;
    if (compareSeverity(severity, row.severity as Severity) <= 0) continue;
    const wasNew = outcome.opened.some(i => i.id === row.id);
    await trx('incidents')
      .where({ id: row.id })
      .update({
        severity,
        updated_at: now,
        ...(wasNew ? {} : requeuedAnalysis(trx)),
      });
    const updated = rowToIncident({ ...row, severity, updated_at: now });
    if (wasNew) {
      const i = outcome.opened.findIndex(o => o.id === row.id);
      outcome.opened[i] = updated;
    } else {
      outcome.escalated.push({ ...updated, analysisState: 'pending' });
    }
  }
}

/** Resolves the open incidents among `rows` with no firing alert left. */
export async function resolveQuiet(
  trx: Db,
  rows: IncidentRow[],
  outcome: IngestOutcome,
  now: string,
) {
  const open = rows.filter(r => r.state === 'open');
  const firing = new Set<string>();
  for (const part of chunks(open.map(r => r.id))) {
    const still = await trx('incidents')
      .select('id')
      .whereIn('id', part)
      .whereExists(
        trx('alerts')
          .select(trx.raw('1'))
          .whereRaw('alerts.incident_id = incidents.id')
          .andWhere('alerts.status', 'firing'),
      );
    for (const r of still) firing.add(r.id);
  }
  for (const row of open) {
    if (firing.has(row.id)) continue;
    // Compare-and-swap: of concurrent resolutions (HA peers) only the
    // one that closed it reports it, so "Resolved" is announced once.
    const closed = await trx('incidents')
      .where({ id: row.id, state: 'open' })
      .update({
        state: 'resolved',
        open_key: null,
        resolved_at: now,
        updated_at: now,
      });
    if (closed !== 1) continue;
    outcome.resolved.push(
      rowToIncident({
        ...row,
        state: 'resolved',
        resolved_at: now,
        updated_at: now,
      }),
    );
  }
}

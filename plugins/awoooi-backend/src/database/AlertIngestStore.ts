import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import {
  compareSeverity,
  maxSeverity,
  type Incident,
  type Severity,
} from '@awoooi/plugin-awoooi-common';
import { TopologyGraph } from '@awoooi/plugin-awoooi-node';
import type { NormalizedAlert } from '../domain';
import {
  CorrelationSettings,
  DEFAULT_CORRELATION,
  IncidentCorrelator,
  LooseAlert,
  Merge,
  PlacementResult,
} from './IncidentCorrelator';
import { requeuedAnalysis, rowToIncident } from './incidentRows';
import type {
  AlertRow,
  IncidentRow,
  NewIncidentRow,
  PlacedIncidentRow,
} from './rows';
import {
  chunks,
  Db,
  insertMany,
  nowIso,
  selectWhereIn,
  toIso,
} from '@awoooi/plugin-awoooi-node';

export interface IngestOutcome {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  opened: Incident[];
  escalated: Incident[];
  resolved: Incident[];
  /** Incidents absorbed by another incident of the same outage. */
  merged: Array<{ absorbed: Incident; survivor: Incident }>;
  /** Open incidents whose root cause moved as alerts joined them. */
  regrouped: Incident[];
  /** Per fingerprint: what ingesting did to the alert, and its incident. */
  alerts: Map<string, AlertIngested>;
}

export interface AlertIngested {
  change: 'created' | 'updated' | 'unchanged';
  incidentId: string | null;
}

/** What a re-sent alert may change; its id, fingerprint and arrival stay. */
const UPDATED_ALERT_COLUMNS = [
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

/** The entities of the alerts placed in each incident by this webhook. */
function placedRefs(
  placement: Map<string, PlacedIncidentRow>,
  alerts: NormalizedAlert[],
): Map<string, Set<string>> {
  const byIncident = new Map<string, Set<string>>();
  for (const a of alerts) {
    const row = placement.get(a.fingerprint);
    if (!row || !a.entityRef) continue;
    const refs = byIncident.get(row.id) ?? new Set<string>();
    byIncident.set(row.id, refs.add(a.entityRef));
  }
  return byIncident;
}

export interface IngestOptions {
  /** The catalog graph correlation walks; without it only same-entity alerts relate. */
  graph?: TopologyGraph;
  /**
   * In the opening transaction, before new incidents are written: their
   * alert groups (alert text) as they should be stored, by incident id.
   */
  onIncidentsOpened?: (
    incidents: Incident[],
    trx: Knex.Transaction,
  ) => Promise<Map<string, string>>;
}

/** One ingest transaction's working set. */
interface Batch {
  trx: Knex.Transaction;
  now: string;
  graph: TopologyGraph;
  /** Stored rows of the webhook's fingerprints. */
  existing: Map<string, AlertRow>;
  /** The webhook's alerts that are new or differ from what is stored. */
  changed: NormalizedAlert[];
  outcome: IngestOutcome;
}

function emptyOutcome(received: number): IngestOutcome {
  return {
    received,
    created: 0,
    updated: 0,
    unchanged: 0,
    unmapped: 0,
    opened: [],
    escalated: [],
    resolved: [],
    merged: [],
    regrouped: [],
    alerts: new Map(),
  };
}

async function existingAlerts(trx: Knex.Transaction, fingerprints: string[]) {
  const rows = await selectWhereIn<AlertRow>(
    trx,
    'fingerprint',
    fingerprints,
    () => trx('alerts'),
  );
  return new Map(rows.map(row => [row.fingerprint, row]));
}

/** Whether the stored alert says what the sender says now. */
function isUnchanged(alert: NormalizedAlert, existing: Map<string, AlertRow>) {
  return existing.get(alert.fingerprint)?.content_hash === alert.contentHash;
}

/** Counts re-sent identical alerts (they change nothing) and returns the rest. */
function sortOutUnchanged(
  alerts: Iterable<NormalizedAlert>,
  existing: Map<string, AlertRow>,
  outcome: IngestOutcome,
): NormalizedAlert[] {
  const changed: NormalizedAlert[] = [];
  for (const alert of alerts) {
    if (isUnchanged(alert, existing)) {
      outcome.unchanged++;
      outcome.alerts.set(alert.fingerprint, {
        change: 'unchanged',
        incidentId: existing.get(alert.fingerprint)!.incident_id ?? null,
      });
    } else changed.push(alert);
  }
  return changed;
}

/**
 * Serialises the decisions of ingest transactions across backend
 * instances: two instances placing related alerts at once would each open
 * an incident, and two storing the same alert would each find it new.
 * PostgreSQL locks the row until the transaction ends; SQLite has a single
 * writer already.
 */
async function lockIngest(trx: Knex.Transaction) {
  if (trx.client.config.client === 'pg') {
    await trx('awoooi_locks').where('name', 'correlation').forUpdate().first();
  }
}

function mergeOutcome(m: Merge) {
  return {
    absorbed: rowToIncident({ ...m.absorbed, state: 'merged' }),
    survivor: rowToIncident(m.survivor),
  };
}

/** Alert rows to insert (new fingerprints) and to update (stored ones). */
interface AlertWrites {
  inserts: AlertRow[];
  updates: AlertRow[];
}

/**
 * Rows for the changed alerts: inserts for new fingerprints, updates for
 * stored ones (a resolved alert stays with the incident it belonged to).
 */
function alertRows(
  { changed, existing, now, outcome }: Batch,
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

/**
 * Stores alerts and places them in incidents. All state lives in the
 * database, so several backend instances behind a load balancer behave as
 * one: one alert per fingerprint is a unique key, and correlation places
 * alerts under a database lock.
 */
export class AlertIngestStore {
  private readonly correlator: IncidentCorrelator;

  static create(
    db: Knex,
    correlation: CorrelationSettings = DEFAULT_CORRELATION,
  ): AlertIngestStore {
    return new AlertIngestStore(db, correlation);
  }

  private constructor(
    private readonly db: Knex,
    correlation: CorrelationSettings,
  ) {
    this.correlator = new IncidentCorrelator(correlation);
  }

  /**
   * Stores one webhook's alerts in a transaction: dedupes by fingerprint,
   * places firing alerts into incidents by correlation (joining, merging or
   * opening them), and resolves incidents left with no firing alert.
   * A re-sent identical payload changes nothing.
   */
  async ingest(
    alerts: NormalizedAlert[],
    options: IngestOptions = {},
  ): Promise<IngestOutcome> {
    const outcome = emptyOutcome(alerts.length);
    // Last one wins when a payload repeats a fingerprint.
    const byFingerprint = new Map(alerts.map(a => [a.fingerprint, a]));
    if (byFingerprint.size === 0) return outcome;
    outcome.unmapped = [...byFingerprint.values()].filter(
      a => !a.entityRef,
    ).length;
    const fingerprints = [...byFingerprint.keys()];
    await this.db.transaction(async trx => {
      // A re-sent webhook that changes nothing is answered without the lock.
      const seen = await existingAlerts(trx, fingerprints);
      const values = [...byFingerprint.values()];
      if (values.every(a => isUnchanged(a, seen))) {
        sortOutUnchanged(values, seen, outcome);
        return;
      }
      await lockIngest(trx);
      const batch: Batch = {
        trx,
        now: nowIso(),
        graph: options.graph ?? new TopologyGraph(),
        // Read again under the lock: another instance may have stored one
        // of these alerts since the first look.
        existing: await existingAlerts(trx, fingerprints),
        changed: [],
        outcome,
      };
      batch.changed = sortOutUnchanged(values, batch.existing, outcome);
      if (batch.changed.length === 0) return;
      const placed = await this.placeAlerts(batch);
      await this.openIncidents(batch, placed.created, options);
      outcome.merged.push(...placed.merges.map(mergeOutcome));
      await this.writeAlerts(trx, alertRows(batch, placed.placement));
      await this.settle(batch, placed);
    });
    return outcome;
  }

  /** Labels the incidents correlation opened (the caller's hook) and writes them. */
  private async openIncidents(
    { trx, outcome }: Batch,
    created: NewIncidentRow[],
    { onIncidentsOpened }: IngestOptions,
  ) {
    if (onIncidentsOpened && created.length) {
      const labels = await onIncidentsOpened(created.map(rowToIncident), trx);
      for (const row of created) {
        const groupKey = labels.get(row.id) ?? row.group_key;
        Object.assign(row, { group_key: groupKey, title: groupKey });
      }
    }
    await this.correlator.insertIncidents(trx, created);
    outcome.opened.push(...created.map(rowToIncident));
  }

  /**
   * After the alerts are written: members and root causes of the incidents
   * that gained alerts, their severity, and the resolution of incidents whose
   * alerts all resolved.
   */
  private async settle(batch: Batch, placed: PlacementResult) {
    const { trx, graph, changed, existing, outcome, now } = batch;
    const incidents = new Map<string, PlacedIncidentRow>();
    for (const row of placed.placement.values()) incidents.set(row.id, row);
    const moved = await this.correlator.refreshMembers(
      trx,
      [...incidents.values()],
      graph,
      { placed: placedRefs(placed.placement, changed), merges: placed.merges },
    );
    await this.requeueRegrouped(trx, moved, outcome);
    const arrivals = changed
      .filter(a => placed.placement.has(a.fingerprint))
      .map(a => ({
        alert: a,
        incidentId: placed.placement.get(a.fingerprint)!.id,
      }));
    const survivors = [...new Set(placed.merges.map(m => m.survivor.id))];
    await this.escalate(
      trx,
      [...incidents.values()],
      arrivals,
      survivors,
      outcome,
      now,
    );
    const touched = new Set(
      changed
        .map(a => existing.get(a.fingerprint)?.incident_id)
        .filter((id): id is string => Boolean(id)),
    );
    for (const id of incidents.keys()) touched.delete(id);
    for (const part of chunks([...touched])) {
      const rows = await trx<IncidentRow>('incidents').whereIn('id', part);
      await this.resolveQuiet(trx, rows, outcome, now);
    }
  }

  /**
   * The open incident of each firing, mapped alert that changed: the one it
   * is in already, or the one correlation places it in.
   */
  private async placeAlerts({
    trx,
    changed,
    existing,
    graph,
    now,
  }: Batch): Promise<PlacementResult> {
    const firing = changed.filter(a => a.status === 'firing' && a.entityRef);
    const current = new Map<string | null | undefined, IncidentRow>();
    const ids = firing
      .map(a => existing.get(a.fingerprint)?.incident_id)
      .filter((id): id is string => Boolean(id));
    for (const part of chunks([...new Set(ids)])) {
      const rows = await trx<IncidentRow>('incidents')
        .whereIn('id', part)
        .andWhere('state', 'open');
      for (const row of rows) current.set(row.id, row);
    }
    const loose: LooseAlert[] = [];
    const kept = new Map<string, IncidentRow>();
    for (const a of firing) {
      const row = current.get(existing.get(a.fingerprint)?.incident_id);
      if (row) kept.set(a.fingerprint, row);
      else
        loose.push({
          ...a,
          entityRef: a.entityRef!,
          startsAt: a.startsAt || now,
        });
    }
    const result = await this.correlator.place(trx, loose, graph, now);
    for (const [fingerprint, row] of kept)
      result.placement.set(fingerprint, row);
    return result;
  }

  /** Incidents whose root cause moved need a new analysis. */
  private async requeueRegrouped(
    trx: Db,
    rows: PlacedIncidentRow[],
    outcome: IngestOutcome,
  ) {
    const fresh = new Set(outcome.opened.map(i => i.id));
    for (const row of rows) {
      if (fresh.has(row.id)) continue;
      await trx('incidents')
        .where({ id: row.id })
        .update(requeuedAnalysis(trx));
      outcome.regrouped.push(
        rowToIncident({ ...row, analysis_state: 'pending' }),
      );
    }
  }

  /**
   * New alerts are inserted, changed ones updated, in as few statements as
   * the database allows (see insertMany): an update is an insert that
   * conflicts on the fingerprint, so 20,000 resolved alerts are a few
   * statements, not 20,000.
   */
  private async writeAlerts(trx: Db, { inserts, updates }: AlertWrites) {
    await insertMany(trx, 'alerts', inserts, { columns: ['fingerprint'] });
    await insertMany(trx, 'alerts', updates, {
      columns: ['fingerprint'],
      merge: UPDATED_ALERT_COLUMNS,
    });
  }

  /**
   * Raises incidents that received firing alerts to the highest severity
   * among them — read from the webhook, not from every alert of the
   * incident, which may hold thousands. A merge survivor also takes on the
   * firing alerts of the incidents it absorbed.
   */
  private async escalate(
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
  private async resolveQuiet(
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
}

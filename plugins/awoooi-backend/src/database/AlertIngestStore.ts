import type { Knex } from 'knex';
import type { Incident } from '@awoooi/plugin-awoooi-common';
import {
  chunks,
  Db,
  insertMany,
  nowIso,
  TopologyGraph,
} from '@awoooi/plugin-awoooi-node';
import type { NormalizedAlert } from '../domain';
import {
  alertRows,
  AlertWrites,
  existingAlerts,
  UPDATED_ALERT_COLUMNS,
} from './alertWrites';
import {
  CorrelationSettings,
  DEFAULT_CORRELATION,
  IncidentCorrelator,
  LooseAlert,
  PlacementResult,
} from './IncidentCorrelator';
import { rowToIncident } from './incidentRows';
import {
  emptyOutcome,
  IngestOutcome,
  isUnchanged,
  mergeOutcome,
  sortOutUnchanged,
} from './ingestOutcome';
import type {
  AlertRow,
  IncidentRow,
  NewIncidentRow,
  PlacedIncidentRow,
} from './rows';
import { escalate, requeueRegrouped, resolveQuiet } from './settleIncidents';

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
    await requeueRegrouped(trx, moved, outcome);
    const arrivals = changed
      .filter(a => placed.placement.has(a.fingerprint))
      .map(a => ({
        alert: a,
        incidentId: placed.placement.get(a.fingerprint)!.id,
      }));
    const survivors = [...new Set(placed.merges.map(m => m.survivor.id))];
    await escalate(
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
      await resolveQuiet(trx, rows, outcome, now);
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
}

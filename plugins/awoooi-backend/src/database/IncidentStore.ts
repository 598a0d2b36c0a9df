import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type {
  Alert,
  AlertSource,
  AnalysisState,
  Incident,
  IncidentEntity,
  IncidentState,
  Severity,
} from '@awoooi/plugin-awoooi-common';
import { TopologyGraph } from '@awoooi/plugin-awoooi-node';
import {
  CorrelationSettings,
  DEFAULT_CORRELATION,
  IncidentCorrelator,
  LooseAlert,
  PlacementResult,
} from './IncidentCorrelator';
import { chunks, Db, nowIso, parseJson, toIso, toIsoOrNull } from './util';

/** An alert after validation and entity mapping, ready to store. */
export interface NormalizedAlert {
  fingerprint: string;
  source: AlertSource;
  status: 'firing' | 'resolved';
  severity: Severity;
  title: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  groupKey: string;
  entityRef: string | null;
  startsAt: string;
  endsAt: string | null;
  contentHash: string;
}

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
}

const SEVERITY_RANK: Record<Severity, number> = {
  info: 0,
  warning: 1,
  high: 2,
  critical: 3,
};

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/**
 * Asks for a fresh analysis. The version bump makes a worker still running
 * the previous one lose its claim: its final conditional update finds a
 * newer version, so it can neither mark the incident done nor store its
 * (now outdated) analysis, and the re-queued one is not lost.
 */
function requeuedAnalysis(db: Db) {
  return {
    analysis_state: 'pending' as AnalysisState,
    analysis_attempts: 0,
    analysis_version: db.raw('analysis_version + 1'),
  };
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

/** The entities of the alerts placed in each incident by this webhook. */
function placedRefs(
  placement: Map<string, any>,
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

function rowToIncident(r: any): Incident {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    groupKey: r.group_key,
    title: r.title,
    severity: r.severity,
    state: r.state,
    analysisState: r.analysis_state,
    firingAlerts: Number(r.firing_alerts ?? 0),
    totalAlerts: Number(r.total_alerts ?? 0),
    openedAt: toIso(r.opened_at),
    resolvedAt: toIsoOrNull(r.resolved_at),
    updatedAt: toIso(r.updated_at),
    costPerHour: r.cost_per_hour === null ? null : Number(r.cost_per_hour),
    mergedInto: r.merged_into ?? null,
  };
}

export function rowToAlert(r: any): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    source: r.source,
    status: r.status,
    severity: r.severity,
    title: r.title,
    labels: parseJson(r.labels, {}),
    entityRef: r.entity_ref,
    incidentId: r.incident_id,
    startsAt: toIso(r.starts_at),
    endsAt: toIsoOrNull(r.ends_at),
    receivedAt: toIso(r.received_at),
    updatedAt: toIso(r.updated_at),
  };
}

/** Raw alert text, for the analysis only (it redacts before anything leaves). */
export interface RawAlert extends Alert {
  annotations: Record<string, string>;
  groupKey: string;
}

/**
 * Alerts and incidents. All state lives here, so several backend instances
 * behind a load balancer behave as one: one alert per fingerprint is a
 * unique key, and correlation places alerts under a database lock.
 */
export class IncidentStore {
  private readonly correlator: IncidentCorrelator;

  constructor(
    private readonly db: Knex,
    correlation: CorrelationSettings = DEFAULT_CORRELATION,
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
    options: {
      /** The catalog graph correlation walks; without it only same-entity alerts relate. */
      graph?: TopologyGraph;
      onIncidentOpened?: (
        incident: Incident,
        trx: Knex.Transaction,
      ) => Promise<void>;
    } = {},
  ): Promise<IngestOutcome> {
    const { onIncidentOpened } = options;
    const graph = options.graph ?? new TopologyGraph();
    const outcome: IngestOutcome = {
      received: alerts.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      unmapped: 0,
      opened: [],
      escalated: [],
      resolved: [],
      merged: [],
      regrouped: [],
    };
    // Last one wins when a payload repeats a fingerprint.
    const byFingerprint = new Map(alerts.map(a => [a.fingerprint, a]));
    if (byFingerprint.size === 0) return outcome;

    await this.db.transaction(async trx => {
      const now = nowIso();
      const existing = new Map<string, any>();
      for (const part of chunks([...byFingerprint.keys()])) {
        for (const row of await trx('alerts').whereIn('fingerprint', part)) {
          existing.set(row.fingerprint, row);
        }
      }

      const changed: NormalizedAlert[] = [];
      for (const alert of byFingerprint.values()) {
        const row = existing.get(alert.fingerprint);
        if (row && row.content_hash === alert.contentHash) outcome.unchanged++;
        else changed.push(alert);
        if (!alert.entityRef) outcome.unmapped++;
      }
      if (changed.length === 0) return;

      const { placement, created, merges } = await this.placeAlerts(
        trx,
        changed,
        existing,
        graph,
        now,
      );
      for (const row of created) {
        if (onIncidentOpened) {
          await onIncidentOpened(rowToIncident(row), trx);
          // The hook may relabel the incident: its alert group is alert text.
          Object.assign(
            row,
            await trx('incidents').where('id', row.id).first(),
          );
        }
        outcome.opened.push(rowToIncident(row));
      }
      outcome.merged.push(
        ...merges.map(m => ({
          absorbed: rowToIncident({ ...m.absorbed, state: 'merged' }),
          survivor: rowToIncident(m.survivor),
        })),
      );
      const incidents = new Map<string, any>();
      for (const row of placement.values()) incidents.set(row.id, row);

      const inserts: any[] = [];
      const updates: any[] = [];
      for (const a of changed) {
        const row = existing.get(a.fingerprint);
        const incident = placement.get(a.fingerprint);
        const values = {
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
        if (row) {
          outcome.updated++;
          updates.push({
            ...values,
            id: row.id,
            fingerprint: a.fingerprint,
            // A resolved alert stays with the incident it belonged to.
            incident_id: incident?.id ?? row.incident_id,
            received_at: toIso(row.received_at),
          });
        } else {
          outcome.created++;
          inserts.push({
            ...values,
            id: randomUUID(),
            fingerprint: a.fingerprint,
            incident_id: incident?.id ?? null,
            received_at: now,
          });
        }
      }
      await this.writeAlerts(trx, inserts, updates);

      const moved = await this.correlator.refreshMembers(
        trx,
        [...incidents.values()],
        graph,
        {
          placed: placedRefs(placement, changed),
          merged: new Set(merges.map(m => m.survivor.id)),
        },
      );
      await this.requeueRegrouped(trx, moved, outcome);
      await this.settleIncidents(trx, [...incidents.values()], outcome, now);
      const touched = new Set(
        changed
          .map(a => existing.get(a.fingerprint)?.incident_id)
          .filter(Boolean),
      );
      for (const row of incidents.values()) touched.delete(row.id);
      for (const part of chunks([...touched])) {
        const rows = await trx('incidents').whereIn('id', part);
        await this.settleIncidents(trx, rows, outcome, now);
      }
    });
    return outcome;
  }

  /**
   * The open incident of each firing, mapped alert that changed: the one it
   * is in already, or the one correlation places it in.
   */
  private async placeAlerts(
    trx: Knex.Transaction,
    changed: NormalizedAlert[],
    existing: Map<string, any>,
    graph: TopologyGraph,
    now: string,
  ): Promise<PlacementResult> {
    const firing = changed.filter(a => a.status === 'firing' && a.entityRef);
    const current = new Map<string, any>();
    const ids = firing
      .map(a => existing.get(a.fingerprint)?.incident_id)
      .filter(Boolean);
    for (const part of chunks([...new Set(ids)])) {
      const rows = await trx('incidents')
        .whereIn('id', part)
        .andWhere('state', 'open');
      for (const row of rows) current.set(row.id, row);
    }
    const loose: LooseAlert[] = [];
    const kept = new Map<string, any>();
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
  private async requeueRegrouped(trx: Db, rows: any[], outcome: IngestOutcome) {
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
   * New alerts are inserted, changed ones updated, 50 rows a statement (under
   * SQLite's bound-parameter limit): an update is an insert that conflicts on
   * the fingerprint, so 20,000 resolved alerts are 400 statements, not 20,000.
   */
  private async writeAlerts(trx: Db, inserts: any[], updates: any[]) {
    for (const part of chunks(inserts, 50)) {
      await trx('alerts').insert(part).onConflict('fingerprint').ignore();
    }
    for (const part of chunks(updates, 50)) {
      await trx('alerts')
        .insert(part)
        .onConflict('fingerprint')
        .merge(UPDATED_ALERT_COLUMNS);
    }
  }

  /** Escalates incidents whose firing alerts got more severe; resolves those with none firing. */
  private async settleIncidents(
    trx: Db,
    rows: any[],
    outcome: IngestOutcome,
    now: string,
  ) {
    if (rows.length === 0) return;
    const ids = rows.map(r => r.id);
    const firing = new Map<string, Severity>();
    for (const part of chunks(ids)) {
      // Distinct severities only: an incident may hold thousands of alerts.
      const stats = await trx('alerts')
        .distinct('incident_id', 'severity')
        .whereIn('incident_id', part)
        .andWhere('status', 'firing');
      for (const s of stats) {
        const prev = firing.get(s.incident_id);
        firing.set(
          s.incident_id,
          prev ? maxSeverity(prev, s.severity) : s.severity,
        );
      }
    }
    for (const row of rows) {
      if (row.state !== 'open') continue;
      const severity = firing.get(row.id);
      if (!severity) {
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
      } else if (
        SEVERITY_RANK[severity] > SEVERITY_RANK[row.severity as Severity]
      ) {
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
  }

  /**
   * Replaces a new incident's alert group and title (raw alert text at
   * insert) with their Privacy-Shield output, in the opening transaction.
   */
  async relabelIncident(id: string, groupKey: string, trx: Db) {
    await trx('incidents')
      .where({ id })
      .update({ group_key: groupKey, title: groupKey });
  }

  /** Replaces a raw alert group kept from before groups were stored redacted. */
  async relabelGroupKey(id: string, raw: string, groupKey: string) {
    await this.db('incidents')
      .where({ id, group_key: raw })
      .update({ group_key: groupKey });
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    const [row] = await this.withCounts(
      this.db('incidents').where('incidents.id', id),
    );
    if (!row) return undefined;
    const [incident] = await this.withEntities([rowToIncident(row)]);
    return incident;
  }

  /** Every entity the incidents affect. */
  async entitiesOf(incidentIds: string[]): Promise<Set<string>> {
    const refs = new Set<string>();
    for (const part of chunks([...new Set(incidentIds)])) {
      const rows = await this.db('incident_entities')
        .distinct('entity_ref')
        .whereIn('incident_id', part);
      for (const r of rows) refs.add(r.entity_ref);
    }
    return refs;
  }

  /** Adds each incident's affected entities, root cause first. */
  private async withEntities(incidents: Incident[]): Promise<Incident[]> {
    const byIncident = new Map<string, IncidentEntity[]>();
    for (const part of chunks(incidents.map(i => i.id))) {
      const rows = await this.db('incident_entities')
        .whereIn('incident_id', part)
        .orderBy([{ column: 'hops_to_root_cause' }, { column: 'entity_ref' }]);
      for (const r of rows) {
        const list = byIncident.get(r.incident_id) ?? [];
        list.push({
          entityRef: r.entity_ref,
          hopsToRootCause:
            r.hops_to_root_cause === null ? null : Number(r.hops_to_root_cause),
        });
        byIncident.set(r.incident_id, list);
      }
    }
    return incidents.map(i => ({ ...i, entities: byIncident.get(i.id) ?? [] }));
  }

  async listIncidents(query: {
    entityRefs?: string[];
    state?: IncidentState;
    limit?: number;
  }): Promise<Incident[]> {
    const q = this.db('incidents')
      .orderBy('opened_at', 'desc')
      .limit(Math.min(query.limit ?? 50, 500));
    if (query.entityRefs) {
      // An incident shows on every entity it affects, not only its root cause.
      const refs = query.entityRefs;
      q.whereIn(
        'incidents.id',
        this.db('incident_entities')
          .select('incident_id')
          .whereIn('entity_ref', refs),
      );
    }
    if (query.state) q.where('state', query.state);
    return this.withEntities((await this.withCounts(q)).map(rowToIncident));
  }

  private withCounts(q: Knex.QueryBuilder) {
    return q.select(
      'incidents.*',
      this.db.raw(
        "(select count(*) from alerts a where a.incident_id = incidents.id and a.status = 'firing') as firing_alerts",
      ),
      this.db.raw(
        '(select count(*) from alerts a where a.incident_id = incidents.id) as total_alerts',
      ),
    );
  }

  async listAlerts(incidentId: string): Promise<RawAlert[]> {
    const rows = await this.db('alerts')
      .where('incident_id', incidentId)
      .orderBy('starts_at', 'asc');
    return rows.map(r => ({
      ...rowToAlert(r),
      annotations: parseJson(r.annotations, {}),
      groupKey: r.group_key,
    }));
  }

  async listUnmappedAlerts(limit = 200): Promise<RawAlert[]> {
    const rows = await this.db('alerts')
      .whereNull('entity_ref')
      .orderBy('updated_at', 'desc')
      .limit(limit);
    return rows.map(r => ({
      ...rowToAlert(r),
      annotations: parseJson(r.annotations, {}),
      groupKey: r.group_key,
    }));
  }

  /** When each incident resolved since `since` opened and resolved. */
  async resolvedSince(
    since: string,
  ): Promise<Array<{ openedAt: string; resolvedAt: string }>> {
    const rows = await this.db('incidents')
      .select('opened_at', 'resolved_at')
      .where('state', 'resolved')
      .andWhere('resolved_at', '>=', since)
      .orderBy('resolved_at', 'asc');
    return rows.map(r => ({
      openedAt: toIso(r.opened_at),
      resolvedAt: toIso(r.resolved_at),
    }));
  }

  /** Alerts firing on any of these entities that began after `since`. */
  async firingSince(entityRefs: string[], since: string): Promise<Alert[]> {
    const out: Alert[] = [];
    for (const part of chunks([...new Set(entityRefs)])) {
      const rows = await this.db('alerts')
        .where('status', 'firing')
        .whereIn('entity_ref', part)
        .andWhere('starts_at', '>', since)
        .orderBy('starts_at', 'asc');
      out.push(...rows.map(rowToAlert));
    }
    return out;
  }

  /** Firing alerts per entity: the health map's base. */
  async firingByEntity(): Promise<Map<string, string[]>> {
    const rows = await this.db('alerts')
      .select('entity_ref', 'group_key')
      .count({ n: '*' })
      .where('status', 'firing')
      .whereNotNull('entity_ref')
      .groupBy('entity_ref', 'group_key');
    const map = new Map<string, string[]>();
    for (const r of rows as any[]) {
      const list = map.get(r.entity_ref) ?? [];
      list.push(`firing alert ${r.group_key} (${Number(r.n)})`);
      map.set(r.entity_ref, list);
    }
    return map;
  }

  /**
   * Claims up to `limit` incidents for analysis: pending ones, and running ones
   * whose claim is older than `staleBefore` (a crashed worker). The conditional
   * update makes the claim safe across instances.
   */
  async claimPendingAnalyses(
    limit: number,
    staleBefore: string,
    maxAttempts: number,
  ): Promise<Array<{ id: string; version: number }>> {
    const candidates = await this.db('incidents')
      .select('id', 'analysis_state', 'analysis_claimed_at', 'analysis_version')
      .where(q =>
        q
          .where('analysis_state', 'pending')
          .orWhere(r =>
            r
              .where('analysis_state', 'running')
              .andWhere('analysis_claimed_at', '<', staleBefore),
          ),
      )
      .andWhere('analysis_attempts', '<', maxAttempts)
      // An incident merged into another is analysed as part of the survivor.
      .andWhereNot('state', 'merged')
      .orderBy('updated_at', 'asc')
      .limit(limit);
    const claimed: Array<{ id: string; version: number }> = [];
    const now = nowIso();
    for (const c of candidates) {
      const version = Number(c.analysis_version) + 1;
      const n = await this.db('incidents')
        .where({ id: c.id, analysis_version: c.analysis_version })
        .update({
          analysis_state: 'running',
          analysis_claimed_at: now,
          analysis_version: version,
          analysis_attempts: this.db.raw('analysis_attempts + 1'),
        });
      if (n === 1) claimed.push({ id: c.id, version });
    }
    return claimed;
  }

  /** Marks analyses that exhausted their attempts as failed. */
  async failExhaustedAnalyses(maxAttempts: number, staleBefore: string) {
    return this.db('incidents')
      .where('analysis_attempts', '>=', maxAttempts)
      .andWhere(q =>
        q
          .where('analysis_state', 'pending')
          .orWhere(r =>
            r
              .where('analysis_state', 'running')
              .andWhere('analysis_claimed_at', '<', staleBefore),
          ),
      )
      .update({
        analysis_state: 'failed' as AnalysisState,
        updated_at: nowIso(),
      });
  }

  /**
   * Finishes a claimed analysis; false when it was re-claimed or re-queued
   * meanwhile (a newer version). `storeResult` runs in the same transaction
   * and only while the claim still holds, so a stale worker never replaces
   * a newer analysis.
   */
  async finishAnalysis(
    id: string,
    version: number,
    values: {
      state: AnalysisState;
      title?: string;
      costPerHour?: number | null;
    },
    storeResult?: (trx: Db) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction(async trx => {
      const n = await trx('incidents')
        .where({ id, analysis_version: version })
        .update({
          analysis_state: values.state,
          ...(values.title !== undefined ? { title: values.title } : {}),
          ...(values.costPerHour !== undefined
            ? { cost_per_hour: values.costPerHour }
            : {}),
        });
      if (n !== 1) return false;
      if (storeResult) await storeResult(trx);
      return true;
    });
  }

  /** Asks for a fresh analysis of a done incident; false when it is not done (any more). */
  async requeueAnalysis(id: string): Promise<boolean> {
    const n = await this.db('incidents')
      .where({ id, analysis_state: 'done', state: 'open' })
      .update(requeuedAnalysis(this.db));
    return n === 1;
  }

  /**
   * Records that the owners were told about this severity. Compare-and-swap,
   * so of two instances analysing the same incident only one announces it:
   * returns the severity announced before, or `undefined` when it was already
   * announced (by this or another instance).
   */
  async swapNotifiedSeverity(
    id: string,
    severity: Severity,
  ): Promise<Severity | null | undefined> {
    const row = await this.db('incidents')
      .where({ id })
      .first('notified_severity');
    const previous: Severity | null = row?.notified_severity ?? null;
    if (!row || previous === severity) return undefined;
    const swapped = await this.db('incidents')
      .where({ id })
      .where(q =>
        previous === null
          ? q.whereNull('notified_severity')
          : q.where('notified_severity', previous),
      )
      .update({ notified_severity: severity });
    return swapped === 1 ? previous : undefined;
  }
}

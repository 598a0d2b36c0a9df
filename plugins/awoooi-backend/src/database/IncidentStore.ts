import { createHash, randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type {
  Alert,
  AlertSource,
  AnalysisState,
  Incident,
  IncidentState,
  Severity,
} from '@awoooi/plugin-awoooi-common';
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
 * The open incident's uniqueness key. The alert group is hashed: it is alert
 * text (it may hold personal data) and only the raw alerts table keeps that.
 */
export function openKey(entityRef: string, groupKey: string) {
  return `${entityRef}|${createHash('sha256').update(groupKey).digest('hex')}`;
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
 * behind a load balancer behave as one: uniqueness (one alert per
 * fingerprint, one open incident per entity + alert group) is enforced by
 * the database, not by process memory.
 */
export class IncidentStore {
  constructor(private readonly db: Knex) {}

  /**
   * Stores one webhook's alerts in a transaction: dedupes by fingerprint,
   * opens/attaches incidents, and resolves incidents left with no firing alert.
   * A re-sent identical payload changes nothing.
   */
  async ingest(
    alerts: NormalizedAlert[],
    onIncidentOpened?: (
      incident: Incident,
      trx: Knex.Transaction,
    ) => Promise<void>,
  ): Promise<IngestOutcome> {
    const outcome: IngestOutcome = {
      received: alerts.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      unmapped: 0,
      opened: [],
      escalated: [],
      resolved: [],
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

      // Open incidents for the firing, mapped alerts that changed.
      const wanted = new Map<string, NormalizedAlert>();
      for (const a of changed) {
        if (a.status === 'firing' && a.entityRef) {
          const key = openKey(a.entityRef, a.groupKey);
          const prev = wanted.get(key);
          wanted.set(
            key,
            prev
              ? { ...prev, severity: maxSeverity(prev.severity, a.severity) }
              : a,
          );
        }
      }
      const incidents = await this.openIncidentsByKey(trx, [...wanted.keys()]);
      const toCreate = [...wanted.entries()].filter(([k]) => !incidents.has(k));
      if (toCreate.length) {
        const newRows = toCreate.map(([key, a]) => ({
          id: randomUUID(),
          entity_ref: a.entityRef,
          group_key: a.groupKey,
          open_key: key,
          title: a.groupKey,
          severity: a.severity,
          state: 'open',
          analysis_state: 'pending',
          opened_at: now,
          updated_at: now,
        }));
        const newIds = new Set(newRows.map(r => r.id));
        await trx('incidents').insert(newRows).onConflict('open_key').ignore();
        const created = await this.openIncidentsByKey(
          trx,
          toCreate.map(([k]) => k),
        );
        for (const [key, row] of created) {
          incidents.set(key, row);
          // Another instance may have opened it first; then it is not ours to announce.
          if (newIds.has(row.id)) {
            const incident = rowToIncident(row);
            outcome.opened.push(incident);
            if (onIncidentOpened) await onIncidentOpened(incident, trx);
          }
        }
      }

      const inserts: any[] = [];
      for (const a of changed) {
        const row = existing.get(a.fingerprint);
        const incident =
          a.status === 'firing' && a.entityRef
            ? incidents.get(openKey(a.entityRef, a.groupKey))
            : undefined;
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
          await trx('alerts')
            .where('id', row.id)
            .update({
              ...values,
              // A resolved alert stays with the incident it belonged to.
              incident_id: incident?.id ?? row.incident_id,
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
      for (const part of chunks(inserts, 50)) {
        await trx('alerts').insert(part).onConflict('fingerprint').ignore();
      }

      await this.settleIncidents(trx, [...incidents.values()], outcome, now);
      const touched = new Set(
        changed
          .map(a => existing.get(a.fingerprint)?.incident_id)
          .filter(Boolean),
      );
      for (const row of incidents.values()) touched.delete(row.id);
      if (touched.size) {
        const rows = await trx('incidents').whereIn('id', [...touched]);
        await this.settleIncidents(trx, rows, outcome, now);
      }
    });
    return outcome;
  }

  private async openIncidentsByKey(trx: Db, keys: string[]) {
    const map = new Map<string, any>();
    for (const part of chunks(keys)) {
      for (const row of await trx('incidents').whereIn('open_key', part)) {
        map.set(row.open_key, row);
      }
    }
    return map;
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
      const stats = await trx('alerts')
        .select('incident_id', 'severity')
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
        await trx('incidents').where({ id: row.id, state: 'open' }).update({
          state: 'resolved',
          open_key: null,
          resolved_at: now,
          updated_at: now,
        });
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
            ...(wasNew
              ? {}
              : { analysis_state: 'pending', analysis_attempts: 0 }),
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
    return row ? rowToIncident(row) : undefined;
  }

  async listIncidents(query: {
    entityRefs?: string[];
    state?: IncidentState;
    limit?: number;
  }): Promise<Incident[]> {
    const q = this.db('incidents')
      .orderBy('opened_at', 'desc')
      .limit(Math.min(query.limit ?? 50, 500));
    if (query.entityRefs) q.whereIn('entity_ref', query.entityRefs);
    if (query.state) q.where('state', query.state);
    return (await this.withCounts(q)).map(rowToIncident);
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

  /** Finishes a claimed analysis; false when another worker re-claimed it meanwhile. */
  async finishAnalysis(
    id: string,
    version: number,
    values: {
      state: AnalysisState;
      title?: string;
      costPerHour?: number | null;
    },
    trx: Db = this.db,
  ): Promise<boolean> {
    const n = await trx('incidents')
      .where({ id, analysis_version: version })
      .update({
        analysis_state: values.state,
        ...(values.title !== undefined ? { title: values.title } : {}),
        ...(values.costPerHour !== undefined
          ? { cost_per_hour: values.costPerHour }
          : {}),
      });
    return n === 1;
  }

  /** Asks for a fresh analysis of a done incident; false when it is not done (any more). */
  async requeueAnalysis(id: string): Promise<boolean> {
    const n = await this.db('incidents')
      .where({ id, analysis_state: 'done', state: 'open' })
      .update({ analysis_state: 'pending', analysis_attempts: 0 });
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

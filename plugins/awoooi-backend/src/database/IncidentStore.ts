import type { Knex } from 'knex';
import type {
  Alert,
  Incident,
  IncidentEntity,
  IncidentState,
  Severity,
} from '@awoooi/plugin-awoooi-common';
import type { RawAlert } from '../domain';
import { rowToAlert, rowToIncident } from './incidentRows';
import type { AlertRow, IncidentEntityRow, IncidentRow } from './rows';
import {
  chunks,
  parseJson,
  selectWhereIn,
  toIso,
} from '@awoooi/plugin-awoooi-node';

/**
 * Incidents and their alerts as the routes, the analysis and the notifier
 * read them. Writing alerts is the AlertIngestStore's; the analysis queue is
 * the AnalysisQueueStore's.
 */
export interface IncidentStore {
  /** Replaces a raw alert group kept from before groups were stored redacted. */
  relabelGroupKey(id: string, raw: string, groupKey: string): Promise<void>;
  getIncident(id: string): Promise<Incident | undefined>;
  /** Every entity the incidents affect. */
  entitiesOf(incidentIds: string[]): Promise<Set<string>>;
  listIncidents(query: {
    entityRefs?: string[];
    state?: IncidentState;
    limit?: number;
  }): Promise<Incident[]>;
  listAlerts(incidentId: string): Promise<RawAlert[]>;
  listUnmappedAlerts(limit?: number): Promise<RawAlert[]>;
  /** When each incident resolved since `since` opened and resolved. */
  resolvedSince(
    since: string,
  ): Promise<Array<{ openedAt: string; resolvedAt: string }>>;
  /** Alerts firing on any of these entities that began after `since`. */
  firingSince(entityRefs: string[], since: string): Promise<Alert[]>;
  /** Firing alerts of the given entities: the health map's base. */
  firingByEntity(entityRefs: readonly string[]): Promise<Map<string, string[]>>;
  /**
   * Records that the owners were told about this severity; returns the
   * severity announced before, or `undefined` when it was already announced.
   */
  swapNotifiedSeverity(
    id: string,
    severity: Severity,
  ): Promise<Severity | null | undefined>;
}

/** The IncidentStore on the plugin's database. */
export class DatabaseIncidentStore implements IncidentStore {
  static create(db: Knex): IncidentStore {
    return new DatabaseIncidentStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Replaces a raw alert group kept from before groups were stored redacted. */
  async relabelGroupKey(id: string, raw: string, groupKey: string) {
    await this.db<IncidentRow>('incidents')
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
      const rows = await this.db<IncidentEntityRow>('incident_entities')
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
      const rows = await this.db<IncidentEntityRow>('incident_entities')
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
    const rows = await this.db<AlertRow>('alerts')
      .where('incident_id', incidentId)
      .orderBy('starts_at', 'asc');
    return rows.map(r => ({
      ...rowToAlert(r),
      annotations: parseJson(r.annotations, {}),
      groupKey: r.group_key,
    }));
  }

  async listUnmappedAlerts(limit = 200): Promise<RawAlert[]> {
    const rows = await this.db<AlertRow>('alerts')
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
    const rows = await this.db<IncidentRow>('incidents')
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
      const rows = await this.db<AlertRow>('alerts')
        .where('status', 'firing')
        .whereIn('entity_ref', part)
        .andWhere('starts_at', '>', since)
        .orderBy('starts_at', 'asc');
      out.push(...rows.map(rowToAlert));
    }
    return out;
  }

  /** Firing alerts of the given entities: the health map's base. */
  async firingByEntity(
    entityRefs: readonly string[],
  ): Promise<Map<string, string[]>> {
    const rows = await selectWhereIn<{
      entity_ref: string;
      group_key: string;
      n: number | string;
    }>(this.db, 'entity_ref', entityRefs, () =>
      this.db('alerts')
        .select('entity_ref', 'group_key')
        .count({ n: '*' })
        .where('status', 'firing')
        .groupBy('entity_ref', 'group_key'),
    );
    const map = new Map<string, string[]>();
    for (const r of rows) {
      const list = map.get(r.entity_ref) ?? [];
      list.push(`firing alert ${r.group_key} (${Number(r.n)})`);
      map.set(r.entity_ref, list);
    }
    return map;
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
    const row = await this.db<IncidentRow>('incidents')
      .where({ id })
      .first('notified_severity');
    const previous: Severity | null = row?.notified_severity ?? null;
    if (!row || previous === severity) return undefined;
    const swapped = await this.db<IncidentRow>('incidents')
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

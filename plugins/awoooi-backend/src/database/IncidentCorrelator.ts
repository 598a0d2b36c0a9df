import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type { Incident } from '@awoooi/plugin-awoooi-common';
import {
  CorrelationAlert,
  DEFAULT_CORRELATION_WINDOW_MS,
  DEFAULT_MAX_DEPTH,
  TopologyGraph,
  groupAlerts,
  distancesTo,
  primaryRootCause,
  relatedEntities,
} from '@awoooi/plugin-awoooi-node';
import {
  chunks,
  insertMany,
  selectWhereIn,
  toEpochMs,
} from '@awoooi/plugin-awoooi-node';
import type {
  IncidentEntityRow,
  IncidentRow,
  NewIncidentRow,
  PlacedIncidentRow,
} from './rows';

export interface CorrelationSettings {
  /** Hops between two related entities. */
  maxDepth: number;
  /** Largest gap between the start times of two related alerts, in ms. */
  windowMs: number;
}

export const DEFAULT_CORRELATION: CorrelationSettings = {
  maxDepth: DEFAULT_MAX_DEPTH,
  windowMs: DEFAULT_CORRELATION_WINDOW_MS,
};

/** A firing, mapped alert looking for its incident. */
export interface LooseAlert {
  fingerprint: string;
  entityRef: string;
  groupKey: string;
  severity: Incident['severity'];
  startsAt: string;
}

/** An alert of an open incident that a loose alert may relate to. */
interface NeighbourAlert {
  incident_id: string;
  entity_ref: string;
  /** Read by the same-alert lookup. */
  group_key?: string;
  /** Read by the window lookup. */
  starts_at?: unknown;
  /** Read by the same-alert lookup: the oldest incident wins. */
  opened_at?: unknown;
}

export interface Merge {
  absorbed: IncidentRow;
  survivor: IncidentRow;
}

/** What a webhook changed in incidents' membership. */
export interface MemberChange {
  /** Entity refs of the alerts placed, per incident. */
  placed: Map<string, Set<string>>;
  merges: Merge[];
}

/** What placing a batch of alerts did, beyond the placements themselves. */
export interface PlacementResult {
  /** Incident row per loose alert's fingerprint. */
  placement: Map<string, PlacedIncidentRow>;
  /** Incidents opened, not yet written: see insertIncidents. */
  created: NewIncidentRow[];
  merges: Merge[];
}

/**
 * Places alerts into incidents: an alert joins the open incident of any alert
 * it relates to (entities within maxDepth of each other, start times within
 * the window — see correlateAlerts), or the open incident where the same
 * alert group still fires on its entity; an alert that relates to several open incidents merges
 * them into the oldest; otherwise it opens an incident. Runs inside the
 * ingest transaction, under the lock that serialises these decisions across
 * backend instances (see lockIngest).
 */
export class IncidentCorrelator {
  constructor(private readonly settings: CorrelationSettings) {}

  async place(
    trx: Knex.Transaction,
    loose: LooseAlert[],
    graph: TopologyGraph,
    now: string,
  ): Promise<PlacementResult> {
    const result: PlacementResult = {
      placement: new Map(),
      created: [],
      merges: [],
    };
    if (loose.length === 0) return result;
    const related = this.relatedTo(loose, graph);
    const neighbours = await this.neighbours(trx, loose, related);
    const looseAlerts = this.asCorrelationAlerts(loose, neighbours);
    const groups = groupAlerts(
      graph,
      [...neighbours.alerts, ...looseAlerts],
      this.settings,
    ).map(group => group.map(a => a.fingerprint));
    // The incident each alert already belongs to, neighbours and re-fired alerts alike.
    const incidentOf = new Map(
      [...neighbours.alerts, ...looseAlerts]
        .filter(a => a.group !== undefined)
        .map(a => [a.fingerprint, a.group!]),
    );
    const byFingerprint = new Map(loose.map(a => [a.fingerprint, a]));
    const rows = await incidentRows(trx, [...new Set(incidentOf.values())]);
    for (const group of groups) {
      const news = group.filter(fp => byFingerprint.has(fp));
      if (news.length === 0) continue;
      const ids = new Set(
        group.map(fp => incidentOf.get(fp)).filter((id): id is string => !!id),
      );
      const incident = ids.size
        ? survivorOf(
            [...ids].map(id => rows.get(id)!),
            result.merges,
          )
        : newIncident(
            news.map(fp => byFingerprint.get(fp)!),
            graph,
            now,
          );
      if (!ids.size) result.created.push(incident);
      for (const fp of news) result.placement.set(fp, incident);
    }
    await recordMerges(trx, result.merges, now);
    return result;
  }

  /** Writes the incidents `place` opened (their labels settled by then). */
  async insertIncidents(trx: Knex.Transaction, rows: NewIncidentRow[]) {
    await insertMany(trx, 'incidents', rows);
  }

  /** Entities related to any loose alert's entity (see correlateAlerts). */
  private relatedTo(loose: LooseAlert[], graph: TopologyGraph) {
    const related = new Set<string>();
    for (const ref of new Set(loose.map(a => a.entityRef))) {
      for (const other of relatedEntities(graph, ref, this.settings.maxDepth))
        related.add(other);
    }
    return related;
  }

  /**
   * Alerts of open incidents near the loose ones: on related entities and
   * within the window, or the same alert still firing on the same entity.
   */
  private async neighbours(
    trx: Knex.Transaction,
    loose: LooseAlert[],
    related: Set<string>,
  ) {
    const { windowMs } = this.settings;
    const times = loose.map(a => Date.parse(a.startsAt));
    const from = new Date(Math.min(...times) - windowMs).toISOString();
    const to = new Date(Math.max(...times) + windowMs).toISOString();
    const near: NeighbourAlert[] = await selectWhereIn(
      trx,
      'alerts.entity_ref',
      [...related],
      () =>
        openIncidentAlerts(trx, [
          'alerts.incident_id',
          'alerts.entity_ref',
          'alerts.starts_at',
        ]).whereBetween('alerts.starts_at', [from, to]),
    );
    const firing: NeighbourAlert[] = await selectWhereIn(
      trx,
      'alerts.entity_ref',
      [...new Set(loose.map(a => a.entityRef))],
      () =>
        openIncidentAlerts(trx, [
          'alerts.incident_id',
          'alerts.entity_ref',
          'alerts.group_key',
          'incidents.opened_at',
        ]).andWhere('alerts.status', 'firing'),
    );
    // The oldest open incident where the same alert fires.
    const firingHere = new Map<string, NeighbourAlert>();
    for (const row of firing) {
      const key = sameAlert(row.entity_ref, row.group_key!);
      const seen = firingHere.get(key);
      if (!seen || toEpochMs(row.opened_at) < toEpochMs(seen.opened_at))
        firingHere.set(key, row);
    }
    const alerts: CorrelationAlert[] = near.map((row, i) => ({
      fingerprint: `incident-alert:${i}`,
      entityRef: row.entity_ref,
      startsAt: toEpochMs(row.starts_at),
      group: row.incident_id,
    }));
    return { alerts, firingHere };
  }

  /**
   * A loose alert joins the open incident where the same alert (entity and
   * alert group) still fires, however long ago it started.
   */
  private asCorrelationAlerts(
    loose: LooseAlert[],
    neighbours: { firingHere: Map<string, NeighbourAlert> },
  ): CorrelationAlert[] {
    return loose.map(a => ({
      fingerprint: a.fingerprint,
      entityRef: a.entityRef,
      startsAt: Date.parse(a.startsAt),
      group: neighbours.firingHere.get(sameAlert(a.entityRef, a.groupKey))
        ?.incident_id,
    }));
  }

  /**
   * Each incident's entities after this webhook: those it had, those of the
   * alerts placed in it, and those of the incidents it absorbed.
   */
  private async membersAfter(
    trx: Knex.Transaction,
    known: Map<string, Set<string>>,
    change: MemberChange,
  ): Promise<Map<string, Set<string>>> {
    const absorbed = await groupedRefs(
      trx,
      'incident_entities',
      change.merges.map(m => m.absorbed.id),
    );
    const members = new Map<string, Set<string>>();
    for (const [id, refs] of change.placed) {
      members.set(id, new Set([...(known.get(id) ?? []), ...refs]));
    }
    for (const { absorbed: gone, survivor } of change.merges) {
      const refs = members.get(survivor.id) ?? new Set(known.get(survivor.id));
      for (const ref of absorbed.get(gone.id) ?? []) refs.add(ref);
      members.set(survivor.id, refs);
    }
    return members;
  }

  /**
   * Records the members of incidents that gained alerts (their entities and
   * each one's distance to the root cause) and moves the root cause when a
   * new member lies below it. Returns the incidents whose root cause moved
   * (their analysis is stale).
   */
  async refreshMembers(
    trx: Knex.Transaction,
    incidents: PlacedIncidentRow[],
    graph: TopologyGraph,
    change: MemberChange,
  ): Promise<PlacedIncidentRow[]> {
    const ids = incidents.map(r => r.id);
    const known = await groupedRefs(trx, 'incident_entities', ids);
    const members = await this.membersAfter(trx, known, change);
    const moved: PlacedIncidentRow[] = [];
    const newMembers: IncidentEntityRow[] = [];
    for (const row of incidents) {
      const refs = [...(members.get(row.id) ?? [])];
      const had = known.get(row.id) ?? new Set<string>();
      if (refs.every(ref => had.has(ref))) continue;
      const root = primaryRootCause(graph, refs) ?? row.entity_ref;
      const rootMoved = root !== row.entity_ref;
      if (rootMoved) {
        await trx<IncidentEntityRow>('incident_entities')
          .where('incident_id', row.id)
          .delete();
        await trx<IncidentRow>('incidents')
          .where('id', row.id)
          .update({ entity_ref: root });
        moved.push({ ...row, entity_ref: root });
      }
      const fresh = rootMoved ? refs : refs.filter(ref => !had.has(ref));
      const above = distancesTo(graph, root, 'up', fresh);
      for (const ref of fresh) {
        newMembers.push({
          incident_id: row.id,
          entity_ref: ref,
          hops_to_root_cause: above.get(ref) ?? null,
        });
      }
    }
    await insertMany(trx, 'incident_entities', newMembers);
    return moved;
  }
}

/** A new incident for alerts related to no open one, named after its root cause. */
function newIncident(
  alerts: LooseAlert[],
  graph: TopologyGraph,
  now: string,
): NewIncidentRow {
  const root =
    primaryRootCause(
      graph,
      alerts.map(a => a.entityRef),
    ) ?? alerts[0].entityRef;
  // The incident is named after the alert on its root cause.
  const first = alerts.find(a => a.entityRef === root) ?? alerts[0];
  return {
    id: randomUUID(),
    entity_ref: root,
    group_key: first.groupKey,
    open_key: null,
    title: first.groupKey,
    severity: first.severity,
    state: 'open',
    analysis_state: 'pending',
    opened_at: now,
    updated_at: now,
  };
}

/**
 * The oldest of the incidents survives and absorbs the others (added to
 * `merges`); returns its row.
 */
function survivorOf(incidents: IncidentRow[], merges: Merge[]) {
  const [survivor, ...absorbed] = [...incidents].sort(
    (a, b) =>
      toEpochMs(a.opened_at) - toEpochMs(b.opened_at) || (a.id < b.id ? -1 : 1),
  );
  for (const row of absorbed) merges.push({ absorbed: row, survivor });
  return survivor;
}

/** Absorbed incidents hand their alerts to their survivor and point at it. */
async function recordMerges(
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

/** Incident rows by id. */
async function incidentRows(trx: Knex.Transaction, ids: string[]) {
  const rows = new Map<string, IncidentRow>();
  for (const part of chunks(ids)) {
    for (const row of await trx<IncidentRow>('incidents').whereIn('id', part)) {
      rows.set(row.id, row);
    }
  }
  return rows;
}

/** Distinct entity refs per incident, from `alerts` or `incident_entities`. */
async function groupedRefs(
  trx: Knex.Transaction,
  table: 'alerts' | 'incident_entities',
  incidentIds: string[],
): Promise<Map<string, Set<string>>> {
  const byIncident = new Map<string, Set<string>>();
  for (const part of chunks(incidentIds)) {
    const rows = await trx(table)
      .distinct('incident_id', 'entity_ref')
      .whereIn('incident_id', part)
      .whereNotNull('entity_ref');
    for (const r of rows) {
      const refs = byIncident.get(r.incident_id) ?? new Set<string>();
      byIncident.set(r.incident_id, refs.add(r.entity_ref));
    }
  }
  return byIncident;
}

/** The same alert firing again: one entity, one alert group. */
function sameAlert(entityRef: string, groupKey: string) {
  return `${entityRef}\u0000${groupKey}`;
}

/**
 * Alerts of open incidents, one row per distinct value of `columns`: a storm
 * of alerts sharing entity and start time is one row, not thousands.
 */
function openIncidentAlerts(trx: Knex.Transaction, columns: string[]) {
  return trx('alerts')
    .join('incidents', 'incidents.id', 'alerts.incident_id')
    .where('incidents.state', 'open')
    .distinct(columns);
}

import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type { Incident } from '@awoooi/plugin-awoooi-common';
import {
  DEFAULT_CORRELATION_WINDOW_MS,
  DEFAULT_MAX_DEPTH,
  TopologyGraph,
  groupAlerts,
  primaryRootCause,
} from '@awoooi/plugin-awoooi-node';
import { chunks, insertMany } from '@awoooi/plugin-awoooi-node';
import {
  asCorrelationAlerts,
  neighbourAlerts,
  relatedTo,
} from './correlationNeighbours';
import { Merge, recordMerges, survivorOf } from './incidentMerges';
import { MemberChange, refreshIncidentMembers } from './incidentMembers';
import type { IncidentRow, NewIncidentRow, PlacedIncidentRow } from './rows';

export type { Merge } from './incidentMerges';
export type { MemberChange } from './incidentMembers';

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
    const related = relatedTo(loose, graph, this.settings.maxDepth);
    const near = await neighbourAlerts(
      trx,
      loose,
      related,
      this.settings.windowMs,
    );
    const looseAlerts = asCorrelationAlerts(loose, near);
    const groups = groupAlerts(
      graph,
      [...near.alerts, ...looseAlerts],
      this.settings,
    ).map(group => group.map(a => a.fingerprint));
    // The incident each alert already belongs to, neighbours and re-fired alerts alike.
    const incidentOf = new Map(
      [...near.alerts, ...looseAlerts]
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

  /**
   * Records the members of incidents that gained alerts and moves the root
   * cause when a new member lies below it (see refreshIncidentMembers).
   * Returns the incidents whose root cause moved (their analysis is stale).
   */
  async refreshMembers(
    trx: Knex.Transaction,
    incidents: PlacedIncidentRow[],
    graph: TopologyGraph,
    change: MemberChange,
  ): Promise<PlacedIncidentRow[]> {
    return refreshIncidentMembers(trx, incidents, graph, change);
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

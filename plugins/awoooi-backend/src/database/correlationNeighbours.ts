/**
 * The open incidents a batch of loose alerts could join, read once per batch:
 * their alerts on related entities within the correlation window, and the
 * same alert still firing on the same entity (see IncidentCorrelator.place).
 */
import type { Knex } from 'knex';
import {
  CorrelationAlert,
  TopologyGraph,
  relatedEntities,
  selectWhereIn,
  toEpochMs,
} from '@awoooi/plugin-awoooi-node';
import type { LooseAlert } from './IncidentCorrelator';

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

/** Entities related to any loose alert's entity (see correlateAlerts). */
export function relatedTo(
  loose: LooseAlert[],
  graph: TopologyGraph,
  maxDepth: number,
) {
  const related = new Set<string>();
  for (const ref of new Set(loose.map(a => a.entityRef))) {
    for (const other of relatedEntities(graph, ref, maxDepth))
      related.add(other);
  }
  return related;
}

/**
 * Alerts of open incidents near the loose ones: on related entities and
 * within the window, or the same alert still firing on the same entity.
 */
export async function neighbourAlerts(
  trx: Knex.Transaction,
  loose: LooseAlert[],
  related: Set<string>,
  windowMs: number,
) {
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
export function asCorrelationAlerts(
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

/**
 * An incident's members (`incident_entities`) after a webhook placed alerts or
 * merged incidents, with each member's hops to the root cause (read back by
 * IncidentStore).
 */
import type { Knex } from 'knex';
import {
  TopologyGraph,
  distancesTo,
  insertMany,
  nowIso,
  primaryRootCause,
  chunks,
} from '@awoooi/plugin-awoooi-node';
import type { Merge } from './incidentMerges';
import type { IncidentEntityRow, IncidentRow, PlacedIncidentRow } from './rows';

/** What a webhook changed in incidents' membership. */
export interface MemberChange {
  /** Entity refs of the alerts placed, per incident. */
  placed: Map<string, Set<string>>;
  merges: Merge[];
}

/**
 * Records the members of incidents that gained alerts (their entities and
 * each one's distance to the root cause) and moves the root cause when a
 * new member lies below it. Returns the incidents whose root cause moved
 * (their analysis is stale).
 */
export async function refreshIncidentMembers(
  trx: Knex.Transaction,
  incidents: PlacedIncidentRow[],
  graph: TopologyGraph,
  change: MemberChange,
): Promise<PlacedIncidentRow[]> {
  const ids = incidents.map(r => r.id);
  const known = await groupedRefs(trx, 'incident_entities', ids);
  const members = await membersAfter(trx, known, change);
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
        // A moved root cause is news to analyses made before it (see requeueUpstream).
        .update({ entity_ref: root, updated_at: nowIso() });
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

/**
 * Each incident's entities after this webhook: those it had, those of the
 * alerts placed in it, and those of the incidents it absorbed.
 */
async function membersAfter(
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

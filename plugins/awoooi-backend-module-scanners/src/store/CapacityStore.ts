import type {
  CapacityVerdict,
  HostCapacity,
} from '@awoooi/plugin-awoooi-common';
import type { CapacityBreach } from '@awoooi/plugin-awoooi-node';
import type { Knex } from 'knex';
import {
  insertMany,
  parseJson,
  toIso,
  toIsoOrNull,
} from '@awoooi/plugin-awoooi-node';
import type { CapacityViolationRow, HostCapacityRow } from './rows';

export interface CapacityViolation {
  id: number;
  server: string;
  instance: string;
  metric: 'cpu' | 'memory';
  value: number;
  threshold: number;
  entityRefs: string[];
  detectedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

function toHost(r: HostCapacityRow): HostCapacity {
  return {
    instance: r.instance,
    server: r.server,
    load1: Number(r.load1),
    load5: Number(r.load5),
    load15: Number(r.load15),
    cpuPercent: Number(r.cpu_percent),
    iowaitPercent: Number(r.iowait_percent),
    memoryPercent: Number(r.memory_percent),
    swapPercent: Number(r.swap_percent),
    verdict: r.verdict as CapacityVerdict,
    entityRefs: parseJson(r.entity_refs, []),
    takenAt: toIso(r.taken_at),
  };
}

function toViolation(r: CapacityViolationRow): CapacityViolation {
  return {
    id: Number(r.id),
    server: r.server,
    instance: r.instance,
    metric: r.metric,
    value: Number(r.value),
    threshold: Number(r.threshold),
    entityRefs: parseJson(r.entity_refs, []),
    detectedAt: toIso(r.detected_at),
    lastSeenAt: toIso(r.last_seen_at),
    resolvedAt: toIsoOrNull(r.resolved_at),
  };
}

const openKey = (server: string, instance: string, metric: string) =>
  `${server}|${instance}|${metric}`;

/** One server's hard-threshold breaches, from the hosts read this run. */
export interface ViolationsUpdate {
  runId: number;
  server: string;
  at: string;
  readHosts: string[];
  breaches: Array<{
    instance: string;
    breach: CapacityBreach;
    entityRefs: string[];
  }>;
}

/**
 * Refreshes the open event of each breach, or opens one; returns the ids of
 * the events opened.
 */
async function upsertViolations(
  tx: Knex.Transaction,
  { runId, server, at, breaches }: ViolationsUpdate,
  open: Array<{ open_key: string | null }>,
): Promise<number[]> {
  const openedIds: number[] = [];
  for (const { instance, breach, entityRefs } of breaches) {
    const key = openKey(server, instance, breach.metric);
    const values = {
      value: breach.value,
      threshold: breach.threshold,
      entity_refs: JSON.stringify(entityRefs),
      last_run_id: runId,
      last_seen_at: at,
    };
    if (open.some(o => o.open_key === key)) {
      await tx<CapacityViolationRow>('capacity_violation_event')
        .where({ open_key: key })
        .update(values);
    } else {
      const [row] = await tx<CapacityViolationRow>('capacity_violation_event')
        .insert({
          ...values,
          server,
          instance,
          metric: breach.metric,
          open_key: key,
          opened_run_id: runId,
          detected_at: at,
          resolved_at: null,
        })
        .returning('id');
      openedIds.push(Number(row?.id ?? row));
    }
  }
  return openedIds;
}

/** `host_capacity_snapshot` and `capacity_violation_event`. */
export class CapacityStore {
  static create(db: Knex): CapacityStore {
    return new CapacityStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async addSnapshots(runId: number, hosts: HostCapacity[]) {
    await insertMany(
      this.db,
      'host_capacity_snapshot',
      hosts.map(h => ({
        run_id: runId,
        server: h.server,
        instance: h.instance,
        load1: h.load1,
        load5: h.load5,
        load15: h.load15,
        cpu_percent: h.cpuPercent,
        iowait_percent: h.iowaitPercent,
        memory_percent: h.memoryPercent,
        swap_percent: h.swapPercent,
        verdict: h.verdict,
        entity_refs: JSON.stringify(h.entityRefs),
        taken_at: h.takenAt,
      })),
    );
  }

  /** Each host's figures from the latest run that read its server. */
  async latestHosts(): Promise<HostCapacity[]> {
    const latest = this.db<HostCapacityRow>('host_capacity_snapshot')
      .select('server')
      .max({ run_id: 'run_id' })
      .groupBy('server')
      .as('latest');
    const rows = await this.db<HostCapacityRow>('host_capacity_snapshot as s')
      .join(latest, function on() {
        this.on('s.server', '=', 'latest.server').andOn(
          's.run_id',
          '=',
          'latest.run_id',
        );
      })
      .select<HostCapacityRow[]>('s.*')
      .orderBy([{ column: 's.server' }, { column: 's.instance' }]);
    return rows.map(toHost);
  }

  async history(query: { instance: string; server?: string; limit?: number }) {
    const q = this.db<HostCapacityRow>('host_capacity_snapshot')
      .where({ instance: query.instance })
      .orderBy('id', 'desc')
      .limit(query.limit ?? 90);
    if (query.server) q.where({ server: query.server });
    return (await q).map(toHost);
  }

  /**
   * Applies one server's breaches: opens an event per host and metric over a
   * hard threshold (or refreshes the open one), and resolves the open events
   * of hosts read this time without that breach. Hosts not read are left as
   * they are. Returns the events opened.
   */
  async applyViolations(
    params: ViolationsUpdate,
  ): Promise<{ opened: CapacityViolation[]; resolved: number }> {
    const { runId, server, at } = params;
    return this.db.transaction(async tx => {
      const open = await tx<CapacityViolationRow>('capacity_violation_event')
        .where({ server })
        .whereNull('resolved_at');
      const current = new Set(
        params.breaches.map(b => openKey(server, b.instance, b.breach.metric)),
      );
      const openedIds = await upsertViolations(tx, params, open);
      const read = new Set(params.readHosts);
      const toResolve = open.filter(
        o =>
          read.has(o.instance) &&
          (o.open_key === null || !current.has(o.open_key)),
      );
      for (const o of toResolve) {
        await tx<CapacityViolationRow>('capacity_violation_event')
          .where({ id: o.id })
          .update({ open_key: null, resolved_at: at, last_run_id: runId });
      }
      const opened = openedIds.length
        ? await tx<CapacityViolationRow>('capacity_violation_event').whereIn(
            'id',
            openedIds,
          )
        : [];
      return { opened: opened.map(toViolation), resolved: toResolve.length };
    });
  }

  async violations(query: { open?: boolean; limit?: number } = {}) {
    const q = this.db<CapacityViolationRow>('capacity_violation_event')
      .orderBy('id', 'desc')
      .limit(query.limit ?? 200);
    if (query.open) q.whereNull('resolved_at');
    return (await q).map(toViolation);
  }
}

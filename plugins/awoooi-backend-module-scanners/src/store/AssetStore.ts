import type { Knex } from 'knex';
import {
  chunks,
  insertMany,
  parseJson,
  toIso,
  toIsoOrNull,
} from '@awoooi/plugin-awoooi-node';
import type { Asset, Coverage } from '../assets/assetModel';
import type { AssetRow, CoverageSnapshotRow, DiscoveryRunRow } from './rows';

export interface StoredAsset extends Asset {
  status: 'active' | 'gone';
  firstSeenAt: string;
  lastSeenAt: string;
  goneAt: string | null;
}

export interface AssetDiff {
  /** Never seen before. */
  insert: Array<Asset & { fingerprint: string }>;
  /** Content changed, or back after being gone. */
  update: Array<Asset & { fingerprint: string }>;
  /** Seen again unchanged. */
  touch: string[];
  /** Active before, missing now. */
  gone: string[];
}

export interface DiscoveryRun {
  runId: number;
  origin: string;
  status: 'ok' | 'failed';
  found: number;
  new: number;
  changed: number;
  gone: number;
  error: string | null;
  at: string;
}

export interface CoverageRow {
  dimension: string;
  covered: number;
  total: number;
  bySource: Record<string, number>;
}

function toAsset(r: AssetRow): StoredAsset {
  return {
    id: r.id,
    source: r.source,
    origin: r.origin,
    kind: r.kind,
    name: r.name,
    namespace: r.namespace ?? null,
    cluster: r.cluster ?? null,
    entityRef: r.entity_ref ?? null,
    ownerRef: r.owner_ref ?? null,
    attributes: parseJson(r.attributes, {}),
    coverage: parseJson<Coverage>(r.coverage, {}),
    status: r.status,
    firstSeenAt: toIso(r.first_seen_at),
    lastSeenAt: toIso(r.last_seen_at),
    goneAt: toIsoOrNull(r.gone_at),
  };
}

function columns(a: Asset & { fingerprint: string }) {
  return {
    source: a.source,
    origin: a.origin,
    kind: a.kind,
    name: a.name,
    namespace: a.namespace,
    cluster: a.cluster,
    entity_ref: a.entityRef,
    owner_ref: a.ownerRef,
    attributes: JSON.stringify(a.attributes),
    coverage: JSON.stringify(a.coverage),
    fingerprint: a.fingerprint,
  };
}

/** `asset_inventory`, `asset_discovery_run`, `asset_coverage_snapshot`. */
export class AssetStore {
  static create(db: Knex): AssetStore {
    return new AssetStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Fingerprint and status of every asset a discovery source reported. */
  async known(
    origin: string,
  ): Promise<Map<string, { fingerprint: string; status: string }>> {
    const rows = await this.db<AssetRow>('asset_inventory')
      .where({ origin })
      .select('id', 'fingerprint', 'status');
    return new Map(
      rows.map(r => [r.id, { fingerprint: r.fingerprint, status: r.status }]),
    );
  }

  /** Applies one source's diff in one transaction; unchanged rows get a bulk touch. */
  async apply(runId: number, at: string, diff: AssetDiff) {
    await this.db.transaction(async tx => {
      await insertMany(
        tx,
        'asset_inventory',
        diff.insert.map(a => ({
          id: a.id,
          ...columns(a),
          status: 'active',
          first_seen_at: at,
          last_seen_at: at,
          gone_at: null,
          last_run_id: runId,
        })),
      );
      for (const a of diff.update) {
        await tx<AssetRow>('asset_inventory')
          .where({ id: a.id })
          .update({
            ...columns(a),
            status: 'active',
            last_seen_at: at,
            gone_at: null,
            last_run_id: runId,
          });
      }
      for (const ids of chunks(diff.touch)) {
        await tx<AssetRow>('asset_inventory')
          .whereIn('id', ids)
          .update({ last_seen_at: at, last_run_id: runId });
      }
      for (const ids of chunks(diff.gone)) {
        await tx<AssetRow>('asset_inventory')
          .whereIn('id', ids)
          .update({ status: 'gone', gone_at: at, last_run_id: runId });
      }
    });
  }

  async addDiscoveryRuns(runs: DiscoveryRun[]) {
    await insertMany(
      this.db,
      'asset_discovery_run',
      runs.map(r => ({
        run_id: r.runId,
        origin: r.origin,
        status: r.status,
        found: r.found,
        new_count: r.new,
        changed_count: r.changed,
        gone_count: r.gone,
        error: r.error,
        at: r.at,
      })),
    );
  }

  async discoveryRuns(limit = 50): Promise<DiscoveryRun[]> {
    const rows = await this.db<DiscoveryRunRow>('asset_discovery_run')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(r => ({
      runId: Number(r.run_id),
      origin: r.origin,
      status: r.status,
      found: Number(r.found),
      new: Number(r.new_count),
      changed: Number(r.changed_count),
      gone: Number(r.gone_count),
      error: r.error ?? null,
      at: toIso(r.at),
    }));
  }

  /** Coverage of every active compliance subject, read back for the snapshot. */
  async activeCoverage(): Promise<Coverage[]> {
    const rows = await this.db<AssetRow>('asset_inventory')
      .where({ status: 'active' })
      .whereNot('coverage', '{}')
      .select('coverage');
    return rows.map(r => parseJson<Coverage>(r.coverage, {}));
  }

  async addCoverage(runId: number, at: string, rows: CoverageRow[]) {
    await insertMany(
      this.db,
      'asset_coverage_snapshot',
      rows.map(r => ({
        run_id: runId,
        dimension: r.dimension,
        covered: r.covered,
        total: r.total,
        by_source: JSON.stringify(r.bySource),
        at,
      })),
    );
  }

  /** The latest coverage snapshot and the covered share per dimension over time. */
  async coverage(historyRuns = 30) {
    const runs = await this.db<CoverageSnapshotRow>('asset_coverage_snapshot')
      .distinct('run_id')
      .orderBy('run_id', 'desc')
      .limit(historyRuns);
    const ids = runs.map(r => Number(r.run_id));
    if (ids.length === 0)
      return { runId: null, at: null, dimensions: [], history: [] };
    const rows = await this.db<CoverageSnapshotRow>('asset_coverage_snapshot')
      .whereIn('run_id', ids)
      .orderBy('id');
    const latest = rows.filter(r => Number(r.run_id) === ids[0]);
    return {
      runId: ids[0],
      at: latest[0] ? toIso(latest[0].at) : null,
      dimensions: latest.map(r => ({
        dimension: r.dimension,
        covered: Number(r.covered),
        total: Number(r.total),
        bySource: parseJson<Record<string, number>>(r.by_source, {}),
      })),
      history: rows.map(r => ({
        runId: Number(r.run_id),
        at: toIso(r.at),
        dimension: r.dimension,
        covered: Number(r.covered),
        total: Number(r.total),
      })),
    };
  }

  async list(query: {
    status?: 'active' | 'gone';
    source?: string;
    kind?: string;
    cluster?: string;
    entityRef?: string;
    ownerRef?: string;
    limit?: number;
    offset?: number;
  }): Promise<{ items: StoredAsset[]; total: number }> {
    // Generic so the query keeps its typed rows.
    const where = <Q extends Knex.QueryBuilder<AssetRow>>(q: Q): Q => {
      if (query.status) q.where({ status: query.status });
      if (query.source) q.where('source', query.source);
      if (query.kind) q.where('kind', query.kind);
      if (query.cluster) q.where({ cluster: query.cluster });
      if (query.entityRef) q.where({ entity_ref: query.entityRef });
      if (query.ownerRef) q.where({ owner_ref: query.ownerRef });
      return q;
    };
    const [{ n }] = await where(this.db<AssetRow>('asset_inventory')).count({
      n: '*',
    });
    const rows = await where(this.db<AssetRow>('asset_inventory'))
      .orderBy('id')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0);
    return { items: rows.map(toAsset), total: Number(n) };
  }
}

import type {
  ComplianceCheck,
  ComplianceReport,
  GroupComplianceRollup,
} from '@awoooi/plugin-awoooi-common';
import type { Knex } from 'knex';
import { insertMany, toIso } from '@awoooi/plugin-awoooi-node';
import { rollupScore } from '../compliance/score';
import type { ComplianceScoreRow, ComplianceSnapshotRow } from './rows';

export interface SubjectResult {
  assetId: string;
  entityRef: string | null;
  ownerRef: string | null;
  checks: Array<ComplianceCheck & { source: string | null }>;
  score: number | null;
}

const score = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

/** `asset_compliance_snapshot` and `compliance_score_history`. */
export class ComplianceStore {
  static create(db: Knex): ComplianceStore {
    return new ComplianceStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async write(runId: number, at: string, results: SubjectResult[]) {
    await this.db.transaction(async tx => {
      await insertMany(
        tx,
        'asset_compliance_snapshot',
        results.flatMap(r =>
          r.checks.map(c => ({
            run_id: runId,
            asset_id: r.assetId,
            entity_ref: r.entityRef,
            dimension: c.dimension,
            status: c.status,
            source: c.source,
            evidence: c.evidence,
            checked_at: c.checkedAt,
          })),
        ),
      );
      await insertMany(
        tx,
        'compliance_score_history',
        results.map(r => ({
          run_id: runId,
          asset_id: r.assetId,
          entity_ref: r.entityRef,
          owner_ref: r.ownerRef,
          score: r.score,
          at,
        })),
      );
    });
  }

  /** The scores of the latest run that stored any, by asset. */
  async latestScores(): Promise<Map<string, number | null>> {
    const run = await this.lastRunId();
    if (run === undefined) return new Map();
    const rows = await this.db<ComplianceScoreRow>('compliance_score_history')
      .where({ run_id: run })
      .select('asset_id', 'score');
    return new Map(rows.map(r => [r.asset_id, score(r.score)]));
  }

  private async lastRunId(): Promise<number | undefined> {
    const row = await this.db<ComplianceScoreRow>('compliance_score_history')
      .max({ run: 'run_id' })
      .first();
    return row?.run === null || row?.run === undefined
      ? undefined
      : Number(row.run);
  }

  /** An asset's latest checks and its score history (oldest first). */
  async report(assetId: string, historyLimit = 90): Promise<ComplianceReport> {
    const history = await this.db<ComplianceScoreRow>(
      'compliance_score_history',
    )
      .where({ asset_id: assetId })
      .orderBy('run_id', 'desc')
      .limit(historyLimit);
    const latest = history[0];
    if (!latest)
      return { entityRef: assetId, score: null, checks: [], history: [] };
    const rows = await this.db<ComplianceSnapshotRow>(
      'asset_compliance_snapshot',
    )
      .where({ asset_id: assetId, run_id: latest.run_id })
      .orderBy('id');
    return {
      entityRef: assetId,
      score: score(latest.score),
      checks: rows.map(r => ({
        dimension: r.dimension,
        status: r.status,
        evidence: r.evidence,
        checkedAt: toIso(r.checked_at),
        source: r.source ?? null,
      })),
      history: history
        .filter(h => h.score !== null)
        .map(h => ({ at: toIso(h.at), score: Number(h.score) }))
        .reverse(),
    };
  }

  /** Owner groups of the latest run, each with its entities' scores. */
  async groups(groupRef?: string): Promise<GroupComplianceRollup[]> {
    const run = await this.lastRunId();
    if (run === undefined) return [];
    const q = this.db<ComplianceScoreRow>('compliance_score_history')
      .where({ run_id: run })
      .whereNotNull('owner_ref')
      .whereNotNull('entity_ref')
      .orderBy([{ column: 'owner_ref' }, { column: 'entity_ref' }]);
    if (groupRef) q.where({ owner_ref: groupRef });
    const byGroup = new Map<
      string,
      Array<{ entityRef: string; score: number | null }>
    >();
    for (const r of await q) {
      // The query reads only rows with both refs (whereNotNull above).
      const owner = r.owner_ref!;
      byGroup.set(owner, [
        ...(byGroup.get(owner) ?? []),
        { entityRef: r.entity_ref!, score: score(r.score) },
      ]);
    }
    return [...byGroup].map(([ref, entities]) => ({
      groupRef: ref,
      score: rollupScore(entities.map(e => e.score)),
      entities,
    }));
  }

  /** A group's roll-up over time: the mean score of its entities per run. */
  async groupHistory(
    groupRef: string,
    limit = 90,
  ): Promise<Array<{ at: string; score: number }>> {
    const rows = await this.db<ComplianceScoreRow>('compliance_score_history')
      .where({ owner_ref: groupRef })
      .whereNotNull('score')
      .groupBy('run_id')
      .select('run_id')
      .max({ at: 'at' })
      .avg({ score: 'score' })
      .orderBy('run_id', 'desc')
      .limit(limit);
    return rows
      .map(r => ({ at: toIso(r.at), score: Math.round(Number(r.score)) }))
      .reverse();
  }
}

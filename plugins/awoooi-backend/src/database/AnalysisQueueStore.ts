import type { Knex } from 'knex';
import type { AnalysisState } from '@awoooi/plugin-awoooi-common';
import { requeuedAnalysis } from './incidentRows';
import { Db, nowIso } from '@awoooi/plugin-awoooi-node';
import type { IncidentRow } from './rows';

/**
 * The analysis work queue, kept on the incidents themselves: pending and
 * stale claims are taken with conditional updates, so two instances never
 * analyse one incident version twice, and a newer version (re-queued while
 * running) makes a stale worker's result go nowhere.
 */
export class AnalysisQueueStore {
  static create(db: Knex): AnalysisQueueStore {
    return new AnalysisQueueStore(db);
  }

  private constructor(private readonly db: Knex) {}

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
    const candidates = await this.db<IncidentRow>('incidents')
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
      // An incident never analysed (claimed at no version yet) goes before
      // fresh looks at incidents that have an analysis already: the page
      // someone was just woken by must not wait behind re-analyses of
      // upstream incidents.
      .orderByRaw('case when analysis_version = 0 then 0 else 1 end')
      .orderBy('updated_at', 'asc')
      .limit(limit);
    const claimed: Array<{ id: string; version: number }> = [];
    const now = nowIso();
    for (const c of candidates) {
      const version = Number(c.analysis_version) + 1;
      const n = await this.db<IncidentRow>('incidents')
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
    return this.db<IncidentRow>('incidents')
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
      const n = await trx<IncidentRow>('incidents')
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
    const n = await this.db<IncidentRow>('incidents')
      .where({ id, analysis_state: 'done', state: 'open' })
      .update(requeuedAnalysis(this.db));
    return n === 1;
  }
}

import type { Knex } from 'knex';
import {
  nextPatternTrust,
  PatternTrust,
  patternRisk,
  requirementFor,
  RiskLevel,
  TrustEvent,
  TrustPattern,
  TrustThresholds,
  UNTRUSTED,
} from '@awoooi/plugin-awoooi-common';
import { Db, nowIso, toIso } from '@awoooi/plugin-awoooi-node';
import type { TrustRow } from './rows';

function rowToTrust(r: TrustRow | undefined): PatternTrust {
  if (!r) return { ...UNTRUSTED };
  return {
    score: Number(r.score),
    lastOutcome: r.last_outcome ?? null,
    autoSuspended: Boolean(r.auto_suspended),
  };
}

/**
 * The trust each action pattern has earned. Every change goes through the
 * one trust rule (`nextPatternTrust`) on the pattern's locked row, so two
 * events at once never lose one another.
 */
export class TrustStore {
  static create(db: Knex): TrustStore {
    return new TrustStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async get(pattern: string, db: Db = this.db): Promise<PatternTrust> {
    const row = await db<TrustRow>('trust_patterns')
      .where('pattern', pattern)
      .first();
    return rowToTrust(row);
  }

  /** The current trust of several patterns (patterns never taught are absent). */
  async getMany(
    patterns: string[],
    db: Db = this.db,
  ): Promise<Map<string, PatternTrust>> {
    if (patterns.length === 0) return new Map();
    const rows = await db<TrustRow>('trust_patterns').whereIn('pattern', [
      ...new Set(patterns),
    ]);
    return new Map(rows.map(r => [r.pattern, rowToTrust(r)]));
  }

  /**
   * Applies an event to a pattern and returns its new trust. Pass the
   * caller's transaction to make the change part of the decision it follows.
   */
  async apply(
    pattern: string,
    baseRisk: RiskLevel,
    event: TrustEvent,
    options: { ranAutomatically?: boolean; db?: Db } = {},
  ): Promise<PatternTrust> {
    const run = async (trx: Db) => {
      await trx<TrustRow>('trust_patterns')
        .insert({
          pattern,
          score: 0,
          base_risk: baseRisk,
          updated_at: nowIso(),
        })
        .onConflict('pattern')
        .ignore();
      const locked = trx<TrustRow>('trust_patterns').where('pattern', pattern);
      if (this.db.client.config.client === 'pg') locked.forUpdate();
      const next = nextPatternTrust(
        rowToTrust(await locked.first()),
        event,
        options.ranAutomatically,
      );
      await trx<TrustRow>('trust_patterns').where('pattern', pattern).update({
        score: next.score,
        last_outcome: next.lastOutcome,
        auto_suspended: next.autoSuspended,
        base_risk: baseRisk,
        updated_at: nowIso(),
      });
      return next;
    };
    return options.db ? run(options.db) : this.db.transaction(run);
  }

  async list(thresholds?: TrustThresholds): Promise<TrustPattern[]> {
    const rows = await this.db<TrustRow>('trust_patterns').orderBy('pattern');
    return rows.map(r => {
      const trust = rowToTrust(r);
      return {
        pattern: r.pattern,
        ...trust,
        baseRisk: r.base_risk,
        effectiveSignatures: requirementFor(
          patternRisk(r.base_risk, trust, thresholds),
        ).count,
        updatedAt: toIso(r.updated_at),
      };
    });
  }
}

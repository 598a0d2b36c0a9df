import type { Knex } from 'knex';
import type {
  ProposalVerification,
  VerificationOutcome,
} from '@awoooi/plugin-awoooi-common';
import {
  chunks,
  Db,
  nowIso,
  toIso,
  toIsoOrNull,
} from '@awoooi/plugin-awoooi-node';
import type { ProposalRow, VerificationRow } from './rows';

/** An open verification window, as the verifier works through it. */
export interface OpenVerification {
  proposalId: string;
  executedAt: string;
  deadline: string;
}

function rowToVerification(r: VerificationRow): ProposalVerification {
  return {
    outcome: r.outcome ?? null,
    executedAt: toIso(r.executed_at),
    deadline: toIso(r.deadline),
    decidedAt: toIsoOrNull(r.decided_at),
    detail: r.detail,
    rollbackProposalId: r.rollback_proposal_id,
  };
}

/**
 * The verification window of every executed fix and its single outcome. An
 * outcome is written by a conditional update on a still-open window, so of
 * two verifiers (two instances, or a retry) exactly one decides.
 */
export class VerificationStore {
  static create(db: Knex): VerificationStore {
    return new VerificationStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Opens the window of an execution; opening it twice keeps the first. */
  async open(v: OpenVerification, db: Db = this.db): Promise<void> {
    await db<VerificationRow>('proposal_verifications')
      .insert({
        proposal_id: v.proposalId,
        executed_at: v.executedAt,
        deadline: v.deadline,
        outcome: null,
      })
      .onConflict('proposal_id')
      .ignore();
  }

  /** Open windows, the ones closing first first. */
  async listOpen(limit = 100): Promise<OpenVerification[]> {
    const rows = await this.db<VerificationRow>('proposal_verifications')
      .whereNull('outcome')
      .orderBy('deadline', 'asc')
      .limit(limit);
    return rows.map(r => ({
      proposalId: r.proposal_id,
      executedAt: toIso(r.executed_at),
      deadline: toIso(r.deadline),
    }));
  }

  /** Records what an undecided check saw, for the proposal's page. */
  async noteCheck(proposalId: string, detail: string): Promise<void> {
    await this.db<VerificationRow>('proposal_verifications')
      .where('proposal_id', proposalId)
      .whereNull('outcome')
      .update({ checked_at: nowIso(), detail });
  }

  /** Decides a window; false when another verifier decided it first. */
  async decide(
    proposalId: string,
    outcome: VerificationOutcome,
    detail: string,
    db: Db = this.db,
  ): Promise<boolean> {
    const now = nowIso();
    const n = await db<VerificationRow>('proposal_verifications')
      .where('proposal_id', proposalId)
      .whereNull('outcome')
      .update({ outcome, detail, decided_at: now, checked_at: now });
    return n === 1;
  }

  async setRollback(proposalId: string, rollbackId: string): Promise<void> {
    await this.db<VerificationRow>('proposal_verifications')
      .where('proposal_id', proposalId)
      .update({ rollback_proposal_id: rollbackId });
  }

  /** Decided outcomes per action pattern and outcome. */
  async countByPattern(): Promise<
    Array<{ pattern: string; outcome: VerificationOutcome; n: number }>
  > {
    // A join with aliases and a count: knex cannot type its rows, so they
    // are named here.
    const rows: Array<
      Pick<ProposalRow, 'pattern'> & {
        outcome: VerificationOutcome;
        n: number | string;
      }
    > = await this.db('proposal_verifications as v')
      .join('proposals as p', 'p.id', 'v.proposal_id')
      .whereNotNull('v.outcome')
      .select('p.pattern as pattern', 'v.outcome as outcome')
      .count({ n: '*' })
      .groupBy('p.pattern', 'v.outcome');
    return rows.map(r => ({
      pattern: r.pattern,
      outcome: r.outcome,
      n: Number(r.n),
    }));
  }

  async get(proposalId: string): Promise<ProposalVerification | undefined> {
    return (await this.getMany([proposalId])).get(proposalId);
  }

  async getMany(
    ids: string[],
    db: Db = this.db,
  ): Promise<Map<string, ProposalVerification>> {
    const out = new Map<string, ProposalVerification>();
    for (const part of chunks(ids)) {
      const rows = await db<VerificationRow>('proposal_verifications').whereIn(
        'proposal_id',
        part,
      );
      for (const r of rows) out.set(r.proposal_id, rowToVerification(r));
    }
    return out;
  }
}

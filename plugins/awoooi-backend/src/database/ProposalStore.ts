import type { Knex } from 'knex';
import {
  DEFAULT_TRUST_THRESHOLDS,
  DryRunResult,
  Proposal,
  ProposalState,
  Signature,
  TrustThresholds,
} from '@awoooi/plugin-awoooi-common';
import { TrustStore } from './TrustStore';
import { Db, nowIso, parseJson, toIso } from '@awoooi/plugin-awoooi-node';
import { VerificationStore } from './VerificationStore';
import type { ProposalIncidentRow, ProposalRow, SignatureRow } from './rows';

export const TERMINAL_STATES: ProposalState[] = [
  'EXECUTED',
  'FAILED',
  'UNKNOWN',
  'REJECTED',
  'VOIDED',
  'EXPIRED',
];

export type NewProposal = Omit<Proposal, 'signatures'> & { dedupeKey: string };

function rowToProposal(r: ProposalRow, signatures: Signature[]): Proposal {
  return {
    id: r.id,
    incidentId: r.incident_id,
    source: r.source,
    action: r.action,
    executor: r.executor,
    target: r.target,
    entityRef: r.entity_ref,
    params: parseJson(r.params, {}),
    title: r.title,
    baseRisk: r.base_risk,
    risk: r.risk,
    pattern: r.pattern,
    trustScore: Number(r.trust_score),
    required: parseJson(r.required, {
      count: 0,
      roles: [],
      mandatoryRoles: [],
    }),
    state: r.state,
    proposedBy: r.proposed_by,
    createdAt: toIso(r.created_at),
    expiresAt: toIso(r.expires_at),
    dryRun: parseJson<DryRunResult | null>(r.dry_run, null),
    preExecutionDryRun: parseJson<DryRunResult | null>(
      r.pre_execution_dry_run,
      null,
    ),
    signatures,
    result: parseJson(r.result, null),
    reason: r.reason,
    blastRadius: parseJson(r.blast_radius, []),
  };
}

function rowToSignature(r: SignatureRow): Signature {
  return {
    userRef: r.user_ref,
    role: r.role,
    decision: r.decision,
    comment: r.comment,
    at: toIso(r.at),
  };
}

/**
 * Proposals and their signatures, with the trust of their patterns and the
 * verification of their outcome. Every state change is a conditional update.
 */
export class ProposalStore {
  readonly trust: TrustStore;
  readonly verifications: VerificationStore;

  static create(
    db: Knex,
    /** Shown with each proposal, so its trust reads against the thresholds in force. */
    trustThresholds: TrustThresholds = DEFAULT_TRUST_THRESHOLDS,
  ): ProposalStore {
    return new ProposalStore(db, trustThresholds);
  }

  private constructor(
    private readonly db: Knex,
    private readonly trustThresholds: TrustThresholds,
  ) {
    this.trust = TrustStore.create(db);
    this.verifications = VerificationStore.create(db);
  }

  /** Runs `fn` in one transaction, so a state change and what it implies land together. */
  transaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Adds what was learnt after the proposal was made: its outcome and its pattern's trust now. */
  private async withOutcome(
    proposals: Proposal[],
    db: Db = this.db,
  ): Promise<Proposal[]> {
    // One after the other: inside a SQLite transaction there is one connection.
    const verifications = await this.verifications.getMany(
      proposals.map(p => p.id),
      db,
    );
    const trust = await this.trust.getMany(
      proposals.map(p => p.pattern),
      db,
    );
    return proposals.map(p => ({
      ...p,
      verification: verifications.get(p.id) ?? null,
      trust: trust.get(p.pattern) ?? null,
      trustThresholds: this.trustThresholds,
    }));
  }

  /** Inserts unless a live proposal with the same dedupe key exists; returns whether it did. */
  async insert(p: NewProposal): Promise<boolean> {
    const rows = await this.db<ProposalRow>('proposals')
      .insert({
        id: p.id,
        incident_id: p.incidentId,
        source: p.source,
        dedupe_key: p.dedupeKey,
        action: p.action,
        executor: p.executor,
        target: p.target,
        entity_ref: p.entityRef,
        params: JSON.stringify(p.params),
        title: p.title,
        base_risk: p.baseRisk,
        risk: p.risk,
        pattern: p.pattern,
        trust_score: p.trustScore,
        required: JSON.stringify(p.required),
        state: p.state,
        proposed_by: p.proposedBy,
        dry_run: p.dryRun ? JSON.stringify(p.dryRun) : null,
        pre_execution_dry_run: null,
        result: null,
        reason: p.reason,
        blast_radius: JSON.stringify(p.blastRadius),
        created_at: p.createdAt,
        expires_at: p.expiresAt,
        updated_at: p.createdAt,
      })
      .onConflict('dedupe_key')
      .ignore()
      .returning('id');
    return rows.length === 1;
  }

  async get(id: string, db: Db = this.db): Promise<Proposal | undefined> {
    const row = await db<ProposalRow>('proposals').where('id', id).first();
    if (!row) return undefined;
    const signatures = await db<SignatureRow>('proposal_signatures')
      .where('proposal_id', id)
      .orderBy('id');
    const [proposal] = await this.withOutcome(
      [rowToProposal(row, signatures.map(rowToSignature))],
      db,
    );
    return proposal;
  }

  /** Links a proposal to another incident that needs the same fix; false when linked already. */
  async linkIncident(proposalId: string, incidentId: string): Promise<boolean> {
    const rows = await this.db<ProposalIncidentRow>('proposal_incidents')
      .insert({ proposal_id: proposalId, incident_id: incidentId })
      .onConflict(['proposal_id', 'incident_id'])
      .ignore()
      .returning('proposal_id');
    return rows.length === 1;
  }

  /** The incidents a fix is for: its own and those that share it. */
  async incidentsOf(proposal: Pick<Proposal, 'id' | 'incidentId'>) {
    const linked = await this.db<ProposalIncidentRow>('proposal_incidents')
      .where('proposal_id', proposal.id)
      .pluck('incident_id');
    const own = proposal.incidentId ? [proposal.incidentId] : [];
    return [...new Set([...own, ...linked])] as string[];
  }

  async getByDedupeKey(key: string): Promise<Proposal | undefined> {
    const row = await this.db<ProposalRow>('proposals')
      .where('dedupe_key', key)
      .first('id');
    return row ? this.get(row.id) : undefined;
  }

  async list(query: {
    incidentId?: string;
    entityRef?: string;
    state?: string;
    limit?: number;
  }): Promise<Proposal[]> {
    const q = this.db<ProposalRow>('proposals')
      .orderBy('created_at', 'desc')
      .limit(Math.min(query.limit ?? 100, 500));
    if (query.incidentId) {
      const incidentId = query.incidentId;
      // Its own proposals and the open fixes it shares with other incidents.
      q.where(w =>
        w
          .where('incident_id', incidentId)
          .orWhereIn(
            'id',
            this.db('proposal_incidents')
              .select('proposal_id')
              .where('incident_id', incidentId),
          ),
      );
    }
    if (query.entityRef) q.where('entity_ref', query.entityRef);
    if (query.state) q.where('state', query.state);
    const rows = await q;
    if (rows.length === 0) return [];
    const sigs = await this.db<SignatureRow>('proposal_signatures')
      .whereIn(
        'proposal_id',
        rows.map(r => r.id),
      )
      .orderBy('id');
    return this.withOutcome(
      rows.map(r =>
        rowToProposal(
          r,
          sigs.filter(s => s.proposal_id === r.id).map(rowToSignature),
        ),
      ),
    );
  }

  /**
   * Runs `fn` in a transaction holding the proposal's row lock (PostgreSQL
   * `SELECT … FOR UPDATE`; SQLite serialises writers), so concurrent signers
   * see each other's signatures.
   */
  async withLock<T>(
    id: string,
    fn: (trx: Knex.Transaction, proposal: Proposal) => Promise<T>,
  ) {
    return this.db.transaction(async trx => {
      const locked = trx<ProposalRow>('proposals').where('id', id);
      if (this.db.client.config.client === 'pg') locked.forUpdate();
      const row = await locked.first();
      if (!row) return undefined;
      const signatures = await trx<SignatureRow>('proposal_signatures')
        .where('proposal_id', id)
        .orderBy('id');
      return fn(trx, rowToProposal(row, signatures.map(rowToSignature)));
    });
  }

  async addSignature(trx: Db, proposalId: string, s: Signature) {
    await trx<SignatureRow>('proposal_signatures').insert({
      proposal_id: proposalId,
      user_ref: s.userRef,
      role: s.role,
      decision: s.decision,
      comment: s.comment,
      at: s.at,
    });
  }

  /**
   * Moves a proposal from one of `from` to `to`; false when it was not in
   * `from` any more (someone else moved it first). Terminal states release
   * the dedupe key so the same fix can be proposed again later.
   */
  async transition(
    id: string,
    from: ProposalState[],
    to: ProposalState,
    values: {
      reason?: string | null;
      dryRun?: DryRunResult;
      preExecutionDryRun?: DryRunResult;
      result?: { ok: boolean; detail: string; at: string };
      /** When an execution entered now must have its outcome by. */
      executionDeadline?: string;
    } = {},
    db: Db = this.db,
  ): Promise<boolean> {
    const n = await db<ProposalRow>('proposals')
      .where('id', id)
      .whereIn('state', from)
      .update({
        state: to,
        updated_at: nowIso(),
        ...(TERMINAL_STATES.includes(to) ? { dedupe_key: `closed:${id}` } : {}),
        ...(values.reason !== undefined ? { reason: values.reason } : {}),
        ...(values.dryRun ? { dry_run: JSON.stringify(values.dryRun) } : {}),
        ...(values.preExecutionDryRun
          ? { pre_execution_dry_run: JSON.stringify(values.preExecutionDryRun) }
          : {}),
        ...(values.result ? { result: JSON.stringify(values.result) } : {}),
        ...(values.executionDeadline
          ? { execution_deadline: values.executionDeadline }
          : {}),
      });
    return n === 1;
  }

  /**
   * EXECUTING proposals past their deadline (rows from before deadlines were
   * recorded count from their last change), and whether the action had been
   * sent to the executor: its pre-execution dry-run is recorded right before.
   */
  async listStuckExecutions(
    now: string,
    undatedBefore: string,
  ): Promise<Array<{ id: string; started: boolean }>> {
    const rows = await this.db<ProposalRow>('proposals')
      .select('id', 'pre_execution_dry_run')
      .where('state', 'EXECUTING')
      .andWhere(q =>
        q
          .where('execution_deadline', '<', now)
          .orWhere(r =>
            r
              .whereNull('execution_deadline')
              .andWhere('updated_at', '<', undatedBefore),
          ),
      );
    return rows.map(r => ({
      id: r.id,
      started: r.pre_execution_dry_run !== null,
    }));
  }

  /** PENDING proposals past their deadline. */
  async listExpired(now: string): Promise<Array<{ id: string }>> {
    return this.db<ProposalRow>('proposals')
      .select('id')
      .where('state', 'PENDING')
      .andWhere('expires_at', '<', now);
  }
}

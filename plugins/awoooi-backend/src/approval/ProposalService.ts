import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ApproverRole,
  BlastRadiusEntry,
  DryRunResult,
  evaluateSignature,
  isSatisfied,
  Proposal,
  patternRisk,
  requirementFor,
  resolvePattern,
  RiskLevel,
  TrustThresholds,
} from '@awoooi/plugin-awoooi-common';
import { maxRiskLevel } from '@awoooi/plugin-awoooi-common';
import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { ProposalStore } from '../database/ProposalStore';
import { nowIso } from '@awoooi/plugin-awoooi-node';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import { ExecutorBoundary } from './ExecutorBoundary';
import { publishProposalChange } from './publishProposalChange';
import { TimeLimitError, withTimeLimit } from './timeLimit';

export interface ProposalSettings {
  expiryMs: number;
  trustThresholds: TrustThresholds;
  /** Configured action patterns (`restart_pod:nginx-*`); others are derived per proposal. */
  patterns: string[];
  /** Blast radius above which the dry-run warns. */
  blastRadiusWarnAt: number;
  /** Time limit of an execution whose action declares none. */
  executionTimeoutMs: number;
  /** How long after it ran a fix is watched for recovery, per action. */
  verificationWindowMs: (action: string) => number;
}

export interface ProposeInput {
  source: Proposal['source'];
  /** Scope of the Privacy-Shield labels in params; null when params hold none. */
  incidentId: string | null;
  /** Key that makes re-proposing the same fix idempotent. */
  dedupeKey: string;
  action: string;
  target: string;
  entityRef: string;
  params: Record<string, unknown>;
  /** The least risk the proposer asks for; never below the action's base risk. */
  risk: RiskLevel;
  title: string;
  blastRadius: BlastRadiusEntry[];
  proposedBy: string;
}

export interface SignerIdentity {
  userRef: string;
  roles: ApproverRole[];
}

interface SignatureRequest {
  signer: SignerIdentity;
  decision: 'approve' | 'reject';
  comment: string;
}

type Draft = Awaited<ReturnType<ProposalService['draft']>>;

/**
 * Proposals from dry-run to execution: signatures by risk and trust, a
 * fresh dry-run right before execution (changed state → VOIDED), execution
 * through the executor with params rehydrated only there, and the audit log.
 */
export class ProposalService {
  private readonly boundary: ExecutorBoundary;

  constructor(
    private readonly deps: {
      store: ProposalStore;
      executors: ExecutorRegistry;
      vault: PrivacyVault;
      operationLog: OperationLogStore;
      notifier: IncidentNotifier;
      signals: SignalsService;
      logger: LoggerService;
      settings: ProposalSettings;
    },
  ) {
    this.boundary = new ExecutorBoundary({
      executors: deps.executors,
      vault: deps.vault,
      logger: deps.logger,
      blastRadiusWarnAt: deps.settings.blastRadiusWarnAt,
    });
  }

  /** Creates (or finds the live) proposal for a fix; runs it at once when it needs no signature. */
  /** Links a live proposal to another incident that needs the same fix. */
  private async share(live: Proposal, input: ProposeInput): Promise<Proposal> {
    const other = input.incidentId;
    if (!other || other === live.incidentId) return live;
    if (await this.deps.store.linkIncident(live.id, other)) {
      await this.log('proposal_linked', input.proposedBy, live, {
        incidentId: other,
      });
      await this.publish(live);
    }
    return live;
  }

  async propose(input: ProposeInput): Promise<Proposal> {
    const { store } = this.deps;
    const draft = await this.draft(input);
    const dryRun = await this.firstDryRun(draft);
    const blocked = dryRun.checks.find(c => c.outcome === 'fail');
    const inserted = await store.insert({
      ...draft,
      dedupeKey: input.dedupeKey,
      dryRun,
      state: blocked ? 'BLOCKED' : 'PENDING',
      reason: blocked
        ? `Dry-run check '${blocked.name}' failed: ${blocked.detail}`
        : null,
    });
    if (!inserted) {
      // Re-proposed while the first one is still live: idempotent, and an
      // incident that needs the same fix shares it.
      const live = await store.getByDedupeKey(input.dedupeKey);
      if (live) return this.share(live, input);
      throw new ConflictError(
        'A proposal for this fix changed state while being created; retry',
      );
    }
    await this.logCreated(draft, dryRun);
    if (!blocked) await this.startOrAsk(draft, dryRun);
    await this.publish(draft);
    return (await store.get(draft.id))!;
  }

  /** A new proposal: its risk by the action, the proposer and the pattern's trust. */
  private async draft(input: ProposeInput) {
    const { store, executors, settings } = this.deps;
    const registered = executors.get(input.action);
    if (!registered)
      throw new InputError(`No executor offers the action '${input.action}'`);
    const baseRisk = maxRiskLevel(registered.definition.baseRisk, input.risk);
    const pattern = resolvePattern(
      settings.patterns,
      input.action,
      input.target,
    );
    const trust = await store.trust.get(pattern);
    const risk = patternRisk(baseRisk, trust, settings.trustThresholds);
    const now = new Date();
    return {
      id: randomUUID(),
      incidentId: input.incidentId,
      source: input.source,
      action: input.action,
      executor: registered.executor.id,
      target: input.target,
      entityRef: input.entityRef,
      params: input.params,
      title: input.title,
      baseRisk,
      risk,
      pattern,
      trustScore: trust.score,
      required: requirementFor(risk),
      proposedBy: input.proposedBy,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + settings.expiryMs).toISOString(),
      preExecutionDryRun: null,
      result: null,
      blastRadius: input.blastRadius,
    };
  }

  private async logCreated(draft: Draft, dryRun: DryRunResult) {
    await this.log('proposal_created', draft.proposedBy, draft, {
      action: draft.action,
      target: draft.target,
      risk: draft.risk,
      baseRisk: draft.baseRisk,
      pattern: draft.pattern,
      trustScore: draft.trustScore,
      requiredSignatures: draft.required.count,
    });
    await this.log('dry_run', 'executor', draft, {
      ok: dryRun.ok,
      checks: dryRun.checks,
      fingerprint: dryRun.fingerprint,
    });
  }

  /**
   * A proposal that needs no signature (LOW, or trusted down to LOW) runs
   * now, through the same re-check and audit; any other asks its signers.
   */
  private async startOrAsk(draft: Draft, dryRun: DryRunResult) {
    const { required } = draft;
    if (required.count === 0) {
      const started = await this.deps.store.transition(
        draft.id,
        ['PENDING'],
        'EXECUTING',
        { executionDeadline: this.deadlineOf(draft.action) },
      );
      if (started) await this.execute(draft.id, dryRun);
      return;
    }
    await this.deps.notifier.send({
      kind: 'proposal.pending',
      title: `Approval needed: ${draft.title}`,
      description: `${draft.action} on ${draft.target} (${draft.risk}) needs ${
        required.count
      } signature${required.count === 1 ? '' : 's'}.`,
      entityRef: draft.entityRef,
      severity:
        draft.risk === 'CRITICAL' || draft.risk === 'HIGH' ? 'high' : 'normal',
      incidentId: draft.incidentId ?? undefined,
      proposalId: draft.id,
    });
  }

  /**
   * Approves or rejects as a signed-in user. Signatures are serialised on the
   * proposal's row lock; the one that completes the requirement moves it to
   * EXECUTING with a conditional update, so it executes at most once however
   * many approvals race, on however many backend instances.
   */
  async sign(
    id: string,
    signer: SignerIdentity,
    decision: 'approve' | 'reject',
    comment: string,
  ) {
    const outcome = await this.deps.store.withLock(id, (trx, proposal) =>
      this.recordSignature(trx, proposal, { signer, decision, comment }),
    );
    if (!outcome) throw new NotFoundError(`No proposal ${id}`);
    const { proposal } = outcome;
    if ('expired' in outcome) {
      await this.log('proposal_expired', 'scheduler', proposal, {});
      await this.publish(proposal);
      throw new ConflictError('Proposal expired before enough signatures');
    }
    await this.log(
      decision === 'approve' ? 'signature' : 'proposal_rejected',
      signer.userRef,
      proposal,
      { decision, role: outcome.signature.role, comment },
    );
    if (outcome.next === 'REJECTED') await this.afterReject(proposal, signer);
    if (outcome.next === 'EXECUTING') {
      await this.log('trust_changed', signer.userRef, proposal, {
        pattern: proposal.pattern,
        score: outcome.score,
      });
      await this.execute(id, proposal.dryRun);
    }
    await this.publish(proposal);
    return (await this.deps.store.get(id))!;
  }

  /**
   * Under the proposal's row lock: checks the signer may sign, stores the
   * signature and moves the proposal on (REJECTED, EXECUTING, or still
   * PENDING), with the pattern's trust in the same transaction.
   */
  private async recordSignature(
    trx: Knex.Transaction,
    proposal: Proposal,
    { signer, decision, comment }: SignatureRequest,
  ) {
    const { store } = this.deps;
    if (proposal.state !== 'PENDING') {
      throw new ConflictError(
        `Proposal is ${proposal.state}; it can no longer be signed`,
      );
    }
    if (Date.parse(proposal.expiresAt) < Date.now()) {
      const reason = 'Expired before enough signatures';
      await store.transition(
        proposal.id,
        ['PENDING'],
        'EXPIRED',
        { reason },
        trx,
      );
      return { proposal, expired: true as const };
    }
    const verdict = evaluateSignature({
      requirement: proposal.required,
      proposedBy: proposal.proposedBy,
      signatures: proposal.signatures,
      signer,
      decision,
    });
    if (!verdict.allowed)
      throw new NotAllowedError(`Cannot ${decision}: ${verdict.reason}`);
    const signature = {
      userRef: signer.userRef,
      role: verdict.role,
      decision,
      comment,
      at: new Date().toISOString(),
    };
    await store.addSignature(trx, proposal.id, signature);
    const next = await this.advance(trx, proposal, signature, signer);
    return { proposal, signature, ...next };
  }

  /** Where a new signature takes the proposal, and the trust it teaches. */
  private async advance(
    trx: Knex.Transaction,
    proposal: Proposal,
    signature: Proposal['signatures'][number],
    signer: SignerIdentity,
  ) {
    const { store } = this.deps;
    if (signature.decision === 'reject') {
      const by = `Rejected by ${signer.userRef}`;
      const reason = signature.comment ? `${by}: ${signature.comment}` : by;
      await store.transition(
        proposal.id,
        ['PENDING'],
        'REJECTED',
        { reason },
        trx,
      );
      await store.trust.apply(proposal.pattern, proposal.baseRisk, 'reject', {
        db: trx,
      });
      return { next: 'REJECTED' as const };
    }
    if (!isSatisfied(proposal.required, [...proposal.signatures, signature]))
      return { next: 'PENDING' as const };
    await store.transition(
      proposal.id,
      ['PENDING'],
      'EXECUTING',
      { executionDeadline: this.deadlineOf(proposal.action) },
      trx,
    );
    const { score } = await store.trust.apply(
      proposal.pattern,
      proposal.baseRisk,
      'approve',
      { db: trx },
    );
    return { next: 'EXECUTING' as const, score };
  }

  private async afterReject(proposal: Proposal, signer: SignerIdentity) {
    await this.log('trust_changed', signer.userRef, proposal, {
      pattern: proposal.pattern,
      score: 0,
    });
    await this.notifyEnd(
      proposal,
      'proposal.rejected',
      `Rejected: ${proposal.title}`,
      `${signer.userRef} rejected ${proposal.action} on ${proposal.target}.`,
    );
  }

  /**
   * Runs an EXECUTING proposal within its action's time limit and always
   * ends it: a throw before the action was sent is FAILED (nothing ran); a
   * throw or the time limit after it was sent is UNKNOWN (it may have run).
   */
  private async execute(id: string, approvedDryRun: DryRunResult | null) {
    const proposal = (await this.deps.store.get(id))!;
    const progress = { sent: false };
    try {
      await withTimeLimit(this.timeLimitOf(proposal.action), signal =>
        this.checkAndRun(proposal, approvedDryRun, signal, progress),
      );
    } catch (error) {
      await this.endExecution(
        proposal,
        progress.sent ? 'UNKNOWN' : 'FAILED',
        describeBrokenExecution(error as Error, progress.sent),
        'executor',
      );
    }
  }

  /** Re-checks right before running: a changed state or a failing check voids it. */
  private async checkAndRun(
    proposal: Proposal,
    approvedDryRun: DryRunResult | null,
    signal: AbortSignal,
    progress: { sent: boolean },
  ) {
    const { store } = this.deps;
    const { id } = proposal;
    const again = await this.boundary.dryRun(proposal);
    const failed = again.checks.find(c => c.outcome === 'fail');
    const changed =
      approvedDryRun && approvedDryRun.fingerprint !== again.fingerprint;
    if (failed || changed) {
      const reason = failed
        ? `Dry-run before execution failed '${failed.name}': ${failed.detail}`
        : 'The state changed since the dry-run the approvers saw; nothing was run';
      const voided = await store.transition(id, ['EXECUTING'], 'VOIDED', {
        reason,
        preExecutionDryRun: again,
      });
      if (!voided) return; // Ended meanwhile (time limit, reconcile).
      await this.log('proposal_voided', 'executor', proposal, {
        reason,
        before: approvedDryRun?.fingerprint,
        after: again.fingerprint,
      });
      await this.notifyEnd(
        proposal,
        'proposal.voided',
        `Voided: ${proposal.title}`,
        reason,
      );
      return;
    }
    // Recorded before the action is sent: the reconcile task reads it as "may have run".
    const stillOurs = await store.transition(id, ['EXECUTING'], 'EXECUTING', {
      preExecutionDryRun: again,
    });
    if (!stillOurs || signal.aborted) return;
    await this.log('execute_start', 'executor', proposal, {
      action: proposal.action,
      target: proposal.target,
    });
    progress.sent = true;
    const outcome = await this.boundary.execute(proposal, signal);
    if (signal.aborted) return; // Ended as UNKNOWN when the time ran out.
    const ended = await this.recordOutcome(proposal, outcome);
    if (!ended) return;
    await this.log('execute_end', 'executor', proposal, {
      ok: outcome.ok,
      detail: outcome.detail,
    });
    await this.notifyEnd(
      proposal,
      outcome.ok ? 'proposal.executed' : 'proposal.failed',
      `${outcome.ok ? 'Executed' : 'Failed'}: ${proposal.title}`,
      outcome.detail,
    );
  }

  /**
   * Ends an execution with its outcome. A fix that ran opens its
   * verification window in the same transaction, so no executed fix goes
   * unverified.
   */
  private async recordOutcome(
    proposal: Proposal,
    outcome: { ok: boolean; detail: string },
  ): Promise<boolean> {
    const { store, settings } = this.deps;
    const at = new Date();
    const result = { ...outcome, at: at.toISOString() };
    const state = outcome.ok ? 'EXECUTED' : 'FAILED';
    return store.transaction(async trx => {
      const ended = await store.transition(
        proposal.id,
        ['EXECUTING'],
        state,
        { result },
        trx,
      );
      if (!ended || !outcome.ok) return ended;
      const windowMs = settings.verificationWindowMs(proposal.action);
      await store.verifications.open(
        {
          proposalId: proposal.id,
          executedAt: result.at,
          deadline: new Date(at.getTime() + windowMs).toISOString(),
        },
        trx,
      );
      return true;
    });
  }

  /**
   * Ends an execution that gave no outcome, with its audit entry; false when
   * it had ended already (the conditional update makes this happen once).
   * The terminal state releases the fix's dedupe key.
   */
  private async endExecution(
    proposal: Proposal,
    state: 'FAILED' | 'UNKNOWN',
    detail: string,
    actor: string,
  ): Promise<boolean> {
    const ended = await this.deps.store.transition(
      proposal.id,
      ['EXECUTING'],
      state,
      { reason: detail, result: { ok: false, detail, at: nowIso() } },
    );
    if (!ended) return false;
    await this.log('execute_end', actor, proposal, {
      ok: false,
      state,
      detail,
    });
    await this.notifyEnd(
      proposal,
      'proposal.failed',
      `${state === 'UNKNOWN' ? 'Outcome unknown' : 'Failed'}: ${
        proposal.title
      }`,
      detail,
    );
    await this.publish(proposal);
    return true;
  }

  /**
   * Ends executions past their deadline that no instance finished: the
   * instance crashed, was killed or hangs (scheduler task, any instance).
   */
  async reconcileStuckExecutions(now = new Date()): Promise<number> {
    const { store, settings } = this.deps;
    const stuck = await store.listStuckExecutions(
      now.toISOString(),
      new Date(now.getTime() - settings.executionTimeoutMs).toISOString(),
    );
    let ended = 0;
    for (const { id, started } of stuck) {
      const proposal = (await store.get(id))!;
      const detail = started
        ? 'No outcome by its deadline: the execution stopped or hung after the action was sent; it may or may not have taken effect'
        : 'No outcome by its deadline: the execution stopped before the action was sent; nothing was run';
      const state = started ? 'UNKNOWN' : 'FAILED';
      if (await this.endExecution(proposal, state, detail, 'reconcile'))
        ended++;
    }
    return ended;
  }

  /**
   * The dry-run shown to approvers, within the action's time limit: an
   * executor that does not answer blocks the proposal instead of hanging
   * the analysis that proposed it.
   */
  private async firstDryRun(
    draft: Parameters<ExecutorBoundary['dryRun']>[0],
  ): Promise<DryRunResult> {
    const limitMs = this.timeLimitOf(draft.action);
    try {
      return await withTimeLimit(limitMs, () => this.boundary.dryRun(draft));
    } catch (error) {
      if (!(error instanceof TimeLimitError)) throw error;
      return {
        at: nowIso(),
        ok: false,
        checks: [
          {
            name: 'dry_run',
            outcome: 'fail',
            detail: `The executor gave no dry-run within ${limitMs} ms`,
          },
        ],
        fingerprint: '',
        state: {},
      };
    }
  }

  private timeLimitOf(action: string): number {
    return (
      this.deps.executors.get(action)?.definition.timeoutMs ??
      this.deps.settings.executionTimeoutMs
    );
  }

  private deadlineOf(action: string): string {
    return new Date(Date.now() + this.timeLimitOf(action)).toISOString();
  }

  /** Expires PENDING proposals past their deadline (scheduler task). */
  async expireDue(): Promise<number> {
    let n = 0;
    for (const { id } of await this.deps.store.listExpired(
      new Date().toISOString(),
    )) {
      if (
        await this.deps.store.transition(id, ['PENDING'], 'EXPIRED', {
          reason: 'Expired before enough signatures',
        })
      ) {
        const proposal = (await this.deps.store.get(id))!;
        await this.log('proposal_expired', 'scheduler', proposal, {});
        await this.notifyEnd(
          proposal,
          'proposal.expired',
          `Expired: ${proposal.title}`,
          'Not enough signatures in time.',
        );
        await this.publish(proposal);
        n++;
      }
    }
    return n;
  }

  private async log(
    opType: string,
    actor: string,
    p: Pick<Proposal, 'id' | 'entityRef' | 'incidentId'>,
    details: Record<string, unknown>,
  ) {
    await this.deps.operationLog.append({
      opType,
      actor,
      entityRef: p.entityRef,
      incidentId: p.incidentId,
      proposalId: p.id,
      details,
    });
  }

  private async notifyEnd(
    p: Proposal,
    kind:
      | 'proposal.executed'
      | 'proposal.failed'
      | 'proposal.voided'
      | 'proposal.rejected'
      | 'proposal.expired',
    title: string,
    description: string,
  ) {
    await this.deps.notifier.send({
      kind,
      title,
      description,
      entityRef: p.entityRef,
      severity: kind === 'proposal.executed' ? 'normal' : 'high',
      incidentId: p.incidentId ?? undefined,
      proposalId: p.id,
    });
  }

  private async publish(p: Pick<Proposal, 'id' | 'incidentId' | 'entityRef'>) {
    await publishProposalChange(this.deps.signals, p);
  }
}

/** Why an execution ended without an outcome, in the words of its audit entry. */
function describeBrokenExecution(error: Error, sent: boolean): string {
  if (error instanceof TimeLimitError) {
    return sent
      ? `No outcome within ${error.limitMs} ms; the execution was aborted and may or may not have taken effect`
      : `The checks before execution took longer than ${error.limitMs} ms; nothing was run`;
  }
  return sent
    ? `The execution broke after the action was sent (${error.message}); it may or may not have taken effect`
    : `The execution could not start (${error.message}); nothing was run`;
}

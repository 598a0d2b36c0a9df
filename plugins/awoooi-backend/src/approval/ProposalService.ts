import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  DryRunResult,
  Proposal,
  patternRisk,
  requirementFor,
  resolvePattern,
} from '@awoooi/plugin-awoooi-common';
import { maxRiskLevel } from '@awoooi/plugin-awoooi-common';
import { randomUUID } from 'crypto';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { ProposalStore } from '../database/ProposalStore';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import { ExecutorBoundary } from './ExecutorBoundary';
import { ProposalAudit } from './ProposalAudit';
import { recordSignature } from './recordSignature';
import { ProposalExecution } from './ProposalExecution';
import type { ProposalSettings, ProposeInput, SignerIdentity } from './types';

type Draft = Awaited<ReturnType<ProposalService['draft']>>;

/**
 * Proposals from dry-run to execution: signatures by risk and trust, then
 * ProposalExecution (a fresh dry-run right before execution, changed state
 * → VOIDED, params rehydrated only at the executor), all of it audited.
 */
export class ProposalService {
  private readonly audit: ProposalAudit;
  private readonly execution: ProposalExecution;

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
    this.audit = new ProposalAudit(deps);
    this.execution = new ProposalExecution({
      ...deps,
      audit: this.audit,
      boundary: new ExecutorBoundary({
        executors: deps.executors,
        vault: deps.vault,
        logger: deps.logger,
        blastRadiusWarnAt: deps.settings.blastRadiusWarnAt,
      }),
    });
  }

  /** Links a live proposal to another incident that needs the same fix. */
  private async share(live: Proposal, input: ProposeInput): Promise<Proposal> {
    const other = input.incidentId;
    if (!other || other === live.incidentId) return live;
    if (await this.deps.store.linkIncident(live.id, other)) {
      await this.audit.log('proposal_linked', input.proposedBy, live, {
        incidentId: other,
      });
      await this.audit.publish(live);
    }
    return live;
  }

  /** Creates (or finds the live) proposal for a fix; runs it at once when it needs no signature. */
  async propose(input: ProposeInput): Promise<Proposal> {
    const { store } = this.deps;
    const draft = await this.draft(input);
    const dryRun = await this.execution.firstDryRun(draft);
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
    await this.audit.publish(draft);
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
    await this.audit.log('proposal_created', draft.proposedBy, draft, {
      action: draft.action,
      target: draft.target,
      risk: draft.risk,
      baseRisk: draft.baseRisk,
      pattern: draft.pattern,
      trustScore: draft.trustScore,
      requiredSignatures: draft.required.count,
    });
    await this.audit.log('dry_run', 'executor', draft, {
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
        { executionDeadline: this.execution.deadlineOf(draft.action) },
      );
      if (started) await this.execution.execute(draft.id, dryRun);
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
      recordSignature(
        this.deps.store,
        action => this.execution.deadlineOf(action),
        trx,
        proposal,
        { signer, decision, comment },
      ),
    );
    if (!outcome) throw new NotFoundError(`No proposal ${id}`);
    const { proposal } = outcome;
    if ('expired' in outcome) {
      await this.audit.log('proposal_expired', 'scheduler', proposal, {});
      await this.audit.publish(proposal);
      throw new ConflictError('Proposal expired before enough signatures');
    }
    await this.audit.log(
      decision === 'approve' ? 'signature' : 'proposal_rejected',
      signer.userRef,
      proposal,
      { decision, role: outcome.signature.role, comment },
    );
    if (outcome.next === 'REJECTED') await this.afterReject(proposal, signer);
    if (outcome.next === 'EXECUTING') {
      await this.audit.log('trust_changed', signer.userRef, proposal, {
        pattern: proposal.pattern,
        score: outcome.score,
      });
      await this.execution.execute(id, proposal.dryRun);
    }
    await this.audit.publish(proposal);
    return (await this.deps.store.get(id))!;
  }

  private async afterReject(proposal: Proposal, signer: SignerIdentity) {
    await this.audit.log('trust_changed', signer.userRef, proposal, {
      pattern: proposal.pattern,
      score: 0,
    });
    await this.audit.notifyEnd(
      proposal,
      'proposal.rejected',
      `Rejected: ${proposal.title}`,
      `${signer.userRef} rejected ${proposal.action} on ${proposal.target}.`,
    );
  }

  /**
   * Ends executions past their deadline that no instance finished: the
   * instance crashed, was killed or hangs (scheduler task, any instance).
   */
  reconcileStuckExecutions(now = new Date()): Promise<number> {
    return this.execution.reconcileStuckExecutions(now);
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
        await this.audit.log('proposal_expired', 'scheduler', proposal, {});
        await this.audit.notifyEnd(
          proposal,
          'proposal.expired',
          `Expired: ${proposal.title}`,
          'Not enough signatures in time.',
        );
        await this.audit.publish(proposal);
        n++;
      }
    }
    return n;
  }
}

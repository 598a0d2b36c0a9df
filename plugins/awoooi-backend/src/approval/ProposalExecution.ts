import type { DryRunResult, Proposal } from '@awoooi/plugin-awoooi-common';
import { nowIso } from '@awoooi/plugin-awoooi-node';
import type { ProposalStore } from '../database/ProposalStore';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { ExecutorBoundary } from './ExecutorBoundary';
import type { ProposalAudit } from './ProposalAudit';
import type { ProposalSettings } from './types';
import { TimeLimitError, withTimeLimit } from './timeLimit';

/**
 * Running approved proposals: a fresh dry-run right before execution
 * (changed state → VOIDED), execution through the executor within the
 * action's time limit, exactly one ending, and the verification window of a
 * fix that ran.
 */
export class ProposalExecution {
  constructor(
    private readonly deps: {
      store: ProposalStore;
      executors: ExecutorRegistry;
      settings: ProposalSettings;
      boundary: ExecutorBoundary;
      audit: ProposalAudit;
    },
  ) {}

  /**
   * Runs an EXECUTING proposal within its action's time limit and always
   * ends it: a throw before the action was sent is FAILED (nothing ran); a
   * throw or the time limit after it was sent is UNKNOWN (it may have run).
   */
  async execute(id: string, approvedDryRun: DryRunResult | null) {
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
    const again = await this.deps.boundary.dryRun(proposal);
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
      await this.deps.audit.log('proposal_voided', 'executor', proposal, {
        reason,
        before: approvedDryRun?.fingerprint,
        after: again.fingerprint,
      });
      await this.deps.audit.notifyEnd(
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
    await this.deps.audit.log('execute_start', 'executor', proposal, {
      action: proposal.action,
      target: proposal.target,
    });
    progress.sent = true;
    const outcome = await this.deps.boundary.execute(proposal, signal);
    if (signal.aborted) return; // Ended as UNKNOWN when the time ran out.
    const ended = await this.recordOutcome(proposal, outcome);
    if (!ended) return;
    await this.deps.audit.log('execute_end', 'executor', proposal, {
      ok: outcome.ok,
      detail: outcome.detail,
    });
    await this.deps.audit.notifyEnd(
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
    await this.deps.audit.log('execute_end', actor, proposal, {
      ok: false,
      state,
      detail,
    });
    await this.deps.audit.notifyEnd(
      proposal,
      'proposal.failed',
      `${state === 'UNKNOWN' ? 'Outcome unknown' : 'Failed'}: ${
        proposal.title
      }`,
      detail,
    );
    await this.deps.audit.publish(proposal);
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
  async firstDryRun(
    draft: Parameters<ExecutorBoundary['dryRun']>[0],
  ): Promise<DryRunResult> {
    const limitMs = this.timeLimitOf(draft.action);
    try {
      return await withTimeLimit(limitMs, () =>
        this.deps.boundary.dryRun(draft),
      );
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

  deadlineOf(action: string): string {
    return new Date(Date.now() + this.timeLimitOf(action)).toISOString();
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

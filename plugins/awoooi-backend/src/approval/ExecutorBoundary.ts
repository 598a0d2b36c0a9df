import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DryRunCheck,
  DryRunResult,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import {
  PrivacyScope,
  type ExecutionOutcome,
  describeZodError,
} from '@awoooi/plugin-awoooi-node';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import { redactingLogger } from '../privacy/redactingLogger';
import { stateFingerprint } from './fingerprint';

type DryRunProposal = Pick<
  Proposal,
  'action' | 'target' | 'entityRef' | 'params' | 'incidentId' | 'blastRadius'
>;

type RegisteredExecutor = NonNullable<ReturnType<ExecutorRegistry['get']>>;

/** Warns when more upstream entities than `warnAt` depend on the target; names up to five. */
function blastRadiusCheck(
  blastRadius: DryRunProposal['blastRadius'],
  warnAt: number,
): DryRunCheck {
  const upstream = blastRadius.length;
  return {
    name: 'blast_radius',
    outcome: upstream > warnAt ? 'warn' : 'pass',
    detail: upstream
      ? `${upstream} upstream ${
          upstream === 1 ? 'entity' : 'entities'
        } affected: ${blastRadius
          .slice(0, 5)
          .map(b => b.entityRef)
          .join(', ')}${upstream > 5 ? ', …' : ''}`
      : 'Nothing upstream depends on the target',
  };
}

/**
 * The executor boundary of the approval pipeline: dry-runs and executions
 * go through here, the only place where a proposal's Privacy-Shield labels
 * become real values again (and where executor output becomes labels again
 * before anything stores or shows it).
 */
export class ExecutorBoundary {
  constructor(
    private readonly deps: {
      executors: ExecutorRegistry;
      vault: PrivacyVault;
      logger: LoggerService;
      /** Blast radius (upstream entities) from which the dry-run warns. */
      blastRadiusWarnAt: number;
    },
  ) {}

  /** The executor's dry-run plus the blast-radius check, with its state fingerprint. */
  async dryRun(p: DryRunProposal): Promise<DryRunResult> {
    const registered = this.deps.executors.get(p.action);
    const at = new Date().toISOString();
    if (!registered) {
      return {
        at,
        ok: false,
        checks: [
          {
            name: 'executor',
            outcome: 'fail',
            detail: `No executor offers '${p.action}'`,
          },
        ],
        fingerprint: '',
        state: {},
      };
    }
    // State holds what the executor saw (MCP error text, pod UIDs): labels
    // again, and fingerprinted as stored so a re-check compares like with like.
    const { checks, state } = await this.relabel(
      p.incidentId,
      await this.executorDryRun(registered, p),
    );
    checks.push(blastRadiusCheck(p.blastRadius, this.deps.blastRadiusWarnAt));
    return {
      at,
      ok: !checks.some(c => c.outcome === 'fail'),
      checks,
      fingerprint: stateFingerprint(state),
      state,
    };
  }

  /**
   * The executor's own checks of the rehydrated request: a failed `params`
   * check when its parameters do not fit the action, a failed `dry_run`
   * check when the dry-run throws.
   */
  private async executorDryRun(
    registered: RegisteredExecutor,
    p: DryRunProposal,
  ): Promise<{ checks: DryRunCheck[]; state: Record<string, unknown> }> {
    try {
      const { request, logger } = await this.request(p);
      const parsed = registered.definition.paramsSchema.safeParse(
        request.params,
      );
      if (!parsed.success) {
        return {
          checks: [
            {
              name: 'params',
              outcome: 'fail' as const,
              detail: describeZodError(parsed.error, { root: 'params' }),
            },
          ],
          state: {},
        };
      }
      const result = await registered.executor.dryRun(request, { logger });
      return { checks: result.checks, state: result.state };
    } catch (error) {
      return {
        checks: [
          {
            name: 'dry_run',
            outcome: 'fail' as const,
            detail: (error as Error).message,
          },
        ],
        state: {},
      };
    }
  }

  /** The only place Privacy-Shield labels become real values again. */
  private async request(
    p: Pick<
      Proposal,
      'action' | 'target' | 'entityRef' | 'params' | 'incidentId'
    >,
  ) {
    const scope = p.incidentId
      ? await this.deps.vault.read(p.incidentId)
      : undefined;
    return {
      request: {
        action: p.action,
        target: p.target,
        entityRef: p.entityRef,
        params: scope ? scope.rehydrateObject(p.params) : p.params,
      },
      // Executors log what they do with the real values: labels in the log.
      logger: scope
        ? redactingLogger(this.deps.logger, scope)
        : this.deps.logger,
    };
  }

  /**
   * What comes back from an executor may hold the real values (a tool echoing
   * its arguments, a command's output): labels again before it is stored or
   * shown. Without an incident (a FinOps proposal) a throwaway scope labels
   * it: nothing can be rehydrated, and nothing personal is kept.
   */
  private async relabel<T>(incidentId: string | null, value: T): Promise<T> {
    return incidentId
      ? this.deps.vault.withScope(incidentId, scope =>
          scope.redactObject(value),
        )
      : new PrivacyScope().redactObject(value);
  }

  /**
   * Runs the action; whatever comes back is relabelled, and a throw is a
   * failed outcome. `signal` aborts an execution that ran out of time.
   */
  async execute(
    p: Pick<
      Proposal,
      'action' | 'target' | 'entityRef' | 'params' | 'incidentId'
    >,
    signal?: AbortSignal,
  ): Promise<ExecutionOutcome> {
    let outcome: ExecutionOutcome;
    try {
      const { request, logger } = await this.request(p);
      outcome = await this.deps.executors
        .get(p.action)!
        .executor.execute(request, { logger, signal });
    } catch (error) {
      outcome = { ok: false, detail: (error as Error).message };
    }
    return this.relabel(p.incidentId, outcome);
  }
}

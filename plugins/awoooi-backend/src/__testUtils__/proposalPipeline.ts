import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { DEFAULT_TRUST_THRESHOLDS } from '@awoooi/plugin-awoooi-common';
import type {
  ActionRequest,
  AwoooiActionExecutor,
  ExecutionOutcome,
  ExecutorContext,
} from '@awoooi/plugin-awoooi-node';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ProposalService } from '../approval/ProposalService';
import type { ProposeInput } from '../approval/types';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { PrivacyStore } from '../database/PrivacyStore';
import { ProposalStore } from '../database/ProposalStore';
import { ExecutorRegistry } from '../execution/ExecutorRegistry';
import { IncidentNotifier } from '../notify/IncidentNotifier';
import { MappingCipher } from '../privacy/encryption';
import { PrivacyVault } from '../privacy/PrivacyVault';

export const WORKER_ACTION = 'restart_worker';

/** Where an execution of the scripted executor stops and waits for ever. */
export type HangAt =
  | 'nowhere'
  | 'dry-run'
  | 'pre-execution-check'
  | 'execution';

/**
 * An executor for one LOW action that can hang at a chosen step, the way a
 * stuck API call or a lost connection does, and says when it got there.
 */
export class ScriptedExecutor implements AwoooiActionExecutor {
  readonly id = 'scripted';
  readonly signals: AbortSignal[] = [];
  private dryRuns = 0;

  constructor(
    private readonly options: {
      hangAt: HangAt;
      timeoutMs?: number;
      onHang?: (step: HangAt) => void;
    },
  ) {}

  async listActions() {
    return [
      {
        name: WORKER_ACTION,
        description: 'Restarts the worker',
        baseRisk: 'LOW' as const,
        paramsSchema: z.object({}).passthrough(),
        timeoutMs: this.options.timeoutMs,
      },
    ];
  }

  async dryRun() {
    // The first dry-run is the proposal's; the second is the one right before execution.
    const step = ++this.dryRuns > 1 ? 'pre-execution-check' : 'dry-run';
    if (this.options.hangAt === step) return this.hang(step);
    return {
      checks: [{ name: 'exists', outcome: 'pass' as const, detail: 'found' }],
      state: { replicas: 1 },
    };
  }

  async execute(
    _request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutionOutcome> {
    if (context.signal) this.signals.push(context.signal);
    if (this.options.hangAt === 'execution') return this.hang('execution');
    return { ok: true, detail: 'restarted' };
  }

  private hang(step: HangAt): Promise<never> {
    this.options.onHang?.(step);
    return new Promise<never>(() => undefined);
  }
}

export const quietLogger: LoggerService = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => quietLogger,
};

/** The approval pipeline on a real database, as one backend instance wires it. */
export async function proposalPipeline(
  knex: Knex,
  executor: AwoooiActionExecutor,
  options: {
    privacyKey?: string;
    executionTimeoutMs?: number;
    verificationWindowMs?: number;
  } = {},
) {
  const executors = new ExecutorRegistry();
  executors.add(executor);
  await executors.reload();
  const store = ProposalStore.create(knex);
  const operationLog = OperationLogStore.create(knex);
  const vault = new PrivacyVault(
    PrivacyStore.create(knex),
    new MappingCipher(options.privacyKey ?? 'p'.repeat(40)),
  );
  const notified: string[] = [];
  const notifications: NotificationService = {
    send: async n => void notified.push(n.payload.title),
  };
  const signals: SignalsService = { publish: async () => undefined };
  const notifier = new IncidentNotifier(
    notifications,
    [],
    'http://app',
    quietLogger,
  );
  const service = new ProposalService({
    store,
    executors,
    vault,
    operationLog,
    notifier,
    signals,
    logger: quietLogger,
    settings: {
      expiryMs: 3_600_000,
      trustThresholds: DEFAULT_TRUST_THRESHOLDS,
      patterns: [],
      blastRadiusWarnAt: 5,
      executionTimeoutMs: options.executionTimeoutMs ?? 600_000,
      verificationWindowMs: () => options.verificationWindowMs ?? 600_000,
    },
  });
  return { service, store, operationLog, vault, notified, notifier, signals };
}

/** A fix for the worker of one incident; the same input twice is the same fix. */
export function workerFix(overrides: Partial<ProposeInput> = {}): ProposeInput {
  return {
    source: 'incident',
    incidentId: 'incident-1',
    dedupeKey: `incident:incident-1|${WORKER_ACTION}|deployment/shop/worker`,
    action: WORKER_ACTION,
    target: 'deployment/shop/worker',
    entityRef: 'component:default/worker',
    params: {},
    risk: 'LOW',
    title: 'Restart the worker',
    blastRadius: [],
    proposedBy: 'awoooi:brain/deterministic',
    ...overrides,
  };
}

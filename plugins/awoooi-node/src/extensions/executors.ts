import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DryRunCheck, RiskLevel } from '@awoooi/plugin-awoooi-common';
import type { z } from 'zod';

/** One action an executor offers. */
export interface ActionDefinition {
  /** Unique across executors, e.g. `restart_pod`, `mcp.github.create_issue`. */
  name: string;
  description: string;
  baseRisk: RiskLevel;
  /** Validates the (rehydrated) parameters before dry-run and execution. */
  paramsSchema: z.ZodTypeAny;
  /**
   * How long one execution may take, from approval to outcome; past it the
   * execution is aborted (`ExecutorContext.signal`) and the proposal ends
   * UNKNOWN. The pipeline's default (`awoooi.execution.timeout`) when absent.
   */
  timeoutMs?: number;
}

/** A request at the executor boundary: the only place params are real values. */
export interface ActionRequest {
  action: string;
  /** Executor-specific target, e.g. `deployment/shop/order-api`. */
  target: string;
  entityRef: string;
  params: Record<string, unknown>;
}

export interface ExecutorContext {
  logger: LoggerService;
  signal?: AbortSignal;
}

/** A dry-run as the executor reports it; the pipeline adds blast radius and time. */
export interface ExecutorDryRun {
  checks: DryRunCheck[];
  /** State the checks read: resourceVersions, replica counts, … Hashed into a fingerprint. */
  state: Record<string, unknown>;
}

export interface ExecutionOutcome {
  ok: boolean;
  detail: string;
}

/** Something that can run remediations: the Kubernetes API, MCP tools, … */
export interface AwoooiActionExecutor {
  readonly id: string;
  listActions(): Promise<ActionDefinition[]>;
  /** Default target of an action for a catalog entity (from its annotations), if any. */
  targetFor?(action: string, entity: Entity): string | undefined;
  dryRun(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutorDryRun>;
  execute(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutionOutcome>;
}

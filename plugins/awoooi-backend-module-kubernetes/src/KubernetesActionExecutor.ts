import type { Entity } from '@backstage/catalog-model';
import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type {
  ActionDefinition,
  ActionRequest,
  AwoooiActionExecutor,
  ExecutionOutcome,
  ExecutorContext,
  ExecutorDryRun,
} from '@awoooi/plugin-awoooi-node';
import { describeZodError } from '@awoooi/plugin-awoooi-node';
import { KUBERNETES_ACTIONS, KubernetesAction } from './actions';
import type { ActionContext } from './actions/types';
import { rbacCheck } from './checks/rbac';
import type { KubernetesClusters } from './clusters/KubernetesClusters';
import { describeKubeError } from './kubeErrors';
import { formatTarget, KubernetesTarget, parseTarget } from './targets';
import { kubernetesTargetFor } from './targetFor';

export interface KubernetesActionExecutorOptions {
  clusters: KubernetesClusters;
  /** Clock of `restartedAt` stamps (default: the real clock). */
  now?: () => Date;
}

type Prepared =
  | {
      ok: true;
      action: KubernetesAction;
      target: KubernetesTarget & { cluster: string };
      params: unknown;
    }
  | { ok: false; check: DryRunCheck; state: Record<string, unknown> };

/**
 * Runs the Kubernetes remediations (`restart_pod`, `rollout_restart`,
 * `scale_deployment`, `delete_pod`, `delete_pvc`, `cordon_node`,
 * `drain_node`, `uncordon_node`) against the configured clusters. Dry-run
 * checks: `params`, `rbac` (SelfSubjectAccessReview), `exists`, `pdb`, plus
 * `in_use` (delete_pvc), `capacity` (node actions) and `evictions` (drain_node).
 */
export class KubernetesActionExecutor implements AwoooiActionExecutor {
  readonly id = 'kubernetes';
  private readonly clusters: KubernetesClusters;
  private readonly now: () => Date;

  constructor(options: KubernetesActionExecutorOptions) {
    this.clusters = options.clusters;
    this.now = options.now ?? (() => new Date());
  }

  async listActions(): Promise<ActionDefinition[]> {
    return KUBERNETES_ACTIONS.map(a => ({
      name: a.name,
      description: a.description,
      baseRisk: a.baseRisk,
      paramsSchema: a.paramsSchema,
    }));
  }

  targetFor(action: string, entity: Entity): string | undefined {
    return kubernetesTargetFor(action, entity);
  }

  async dryRun(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutorDryRun> {
    const prepared = this.prepare(request);
    if (!prepared.ok)
      return { checks: [prepared.check], state: prepared.state };
    const { action, target, params } = prepared;
    const checks: DryRunCheck[] = [
      {
        name: 'params',
        outcome: 'pass',
        detail: `${action.name} on ${formatTarget(target)}`,
      },
    ];
    let state: Record<string, unknown> = {
      cluster: target.cluster,
      target: formatTarget(target),
    };
    try {
      const apis = await this.clusters.apis(target.cluster);
      checks.push(await rbacCheck(apis, action.access(target)));
      const inspection = await action.inspect(
        this.actionContext(apis, target, params, context),
      );
      checks.push(...inspection.checks);
      state = inspection.state;
    } catch (error) {
      checks.push({
        name: 'inspect',
        outcome: 'fail',
        detail: `could not inspect ${formatTarget(target)}: ${describeKubeError(
          error,
        )}`,
      });
    }
    return { checks, state };
  }

  async execute(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutionOutcome> {
    const prepared = this.prepare(request);
    if (!prepared.ok) return { ok: false, detail: prepared.check.detail };
    const { action, target, params } = prepared;
    let outcome: ExecutionOutcome;
    try {
      const apis = await this.clusters.apis(target.cluster);
      outcome = await action.execute(
        this.actionContext(apis, target, params, context),
      );
    } catch (error) {
      outcome = { ok: false, detail: describeKubeError(error) };
    }
    context.logger.info(
      `kubernetes ${action.name} ${formatTarget(target)}: ${
        outcome.ok ? 'done' : 'failed'
      } - ${outcome.detail}`,
    );
    return outcome;
  }

  /** The `params` check: action known, target well-formed and of an accepted kind, params valid. */
  private prepare(request: ActionRequest): Prepared {
    const fail = (detail: string): Prepared => ({
      ok: false,
      check: { name: 'params', outcome: 'fail', detail },
      state: { target: request.target },
    });
    const action = KUBERNETES_ACTIONS.find(a => a.name === request.action);
    if (!action) return fail(`unknown action '${request.action}'`);
    let target: KubernetesTarget;
    try {
      target = parseTarget(request.target);
    } catch (error) {
      return fail((error as Error).message);
    }
    if (!action.targetKinds.includes(target.kind)) {
      return fail(
        `${action.name} takes a ${action.targetKinds.join(
          ' or ',
        )} target, not '${target.kind}'`,
      );
    }
    const cluster = target.cluster ?? this.clusters.defaultCluster;
    if (!cluster || !this.clusters.has(cluster)) {
      return fail(
        `unknown cluster '${target.cluster ?? ''}' (configured: ${
          this.clusters.names.join(', ') || 'none'
        })`,
      );
    }
    const parsed = action.paramsSchema.safeParse(request.params ?? {});
    if (!parsed.success) {
      const issues = describeZodError(parsed.error, { root: 'params' });
      return fail(`invalid params for ${action.name}: ${issues}`);
    }
    return {
      ok: true,
      action,
      target: { ...target, cluster },
      params: parsed.data,
    };
  }

  private actionContext(
    apis: Awaited<ReturnType<KubernetesClusters['apis']>>,
    target: KubernetesTarget & { cluster: string },
    params: unknown,
    context: ExecutorContext,
  ): ActionContext<unknown> {
    return {
      apis,
      target,
      params,
      logger: context.logger,
      signal: context.signal,
      now: this.now,
    };
  }
}

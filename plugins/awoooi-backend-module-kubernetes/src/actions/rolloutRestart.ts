import type { V1Deployment } from '@kubernetes/client-node';
import { evaluateBudgets } from '../checks/budgets';
import { isPodReady } from '../checks/workloads';
import { readDeploymentBudgets } from './budgetReads';
import {
  abortedOutcome,
  mergePatch,
  namespacedAccess,
  noParams,
  NoParams,
  rfc3339,
} from './common';
import {
  deploymentBudgetCheck,
  readDeploymentTarget,
  resolveTargetDeployment,
} from './deployments';
import type { KubernetesAction } from './types';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Pods a rollout may take down at once: all for Recreate, else maxUnavailable. */
export function unavailableDuringRollout(deployment: V1Deployment): number {
  const replicas = deployment.spec?.replicas ?? 1;
  if (deployment.spec?.strategy?.type === 'Recreate') return replicas;
  const value =
    deployment.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  if (typeof value === 'number') return Math.min(value, replicas);
  const percent = /^(\d+)%$/.exec(String(value));
  // Kubernetes rounds maxUnavailable percentages down.
  return percent
    ? Math.floor((replicas * Number(percent[1])) / 100)
    : Math.min(Number(value) || 0, replicas);
}

function strategyText(deployment: V1Deployment): string {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') return 'Recreate';
  const rolling = strategy?.rollingUpdate;
  return `RollingUpdate (maxUnavailable ${
    rolling?.maxUnavailable ?? '25%'
  }, maxSurge ${rolling?.maxSurge ?? '25%'})`;
}

/**
 * `rollout_restart`: what `kubectl rollout restart` does — stamps the pod
 * template with `kubectl.kubernetes.io/restartedAt`, so the Deployment rolls
 * every pod under its update strategy.
 */
export const rolloutRestart: KubernetesAction<NoParams> = {
  name: 'rollout_restart',
  description:
    'Restart every pod of a Deployment under its update strategy (kubectl rollout restart). Target deployment/<ns>/<name>.',
  baseRisk: 'MEDIUM',
  paramsSchema: noParams,
  targetKinds: ['deployment'],

  access: target => [namespacedAccess(target, 'patch', 'apps', 'deployments')],

  async inspect({ apis, target }) {
    const namespace = target.namespace!;
    const read = await readDeploymentTarget(apis, target);
    if (read.failed) return read.failed;
    const { state } = read;
    const { deployment } = read.found;
    const { own, matching, namespacePods } = await readDeploymentBudgets(
      apis,
      namespace,
      deployment,
      state,
    );
    const ownUids = new Set(own.map(p => p.metadata?.uid));
    const down = unavailableDuringRollout(deployment);
    const verdicts = evaluateBudgets(
      matching,
      namespacePods,
      selected =>
        Math.min(
          down,
          selected.filter(p => ownUids.has(p.metadata?.uid) && isPodReady(p))
            .length,
        ),
      (selected, budget) => budget.status?.expectedPods ?? selected.length,
    );
    const ready = own.filter(isPodReady).length;
    const replicas = deployment.spec?.replicas ?? 1;
    const paused = deployment.spec?.paused === true;
    return {
      checks: [
        {
          name: 'exists',
          outcome: paused ? 'warn' : 'pass',
          detail: `deployment ${namespace}/${
            deployment.metadata?.name
          }: ${ready}/${replicas} pods ready, strategy ${strategyText(
            deployment,
          )}${
            paused
              ? '; the rollout is paused, so the restart waits until it is resumed'
              : ''
          }`,
        },
        deploymentBudgetCheck(
          verdicts,
          deployment,
          'at the low point of the rollout',
        ),
      ],
      state,
    };
  },

  async execute({ apis, target, signal, now }) {
    const namespace = target.namespace!;
    const { deployment } = await resolveTargetDeployment(apis, target);
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    const restartedAt = rfc3339(now());
    await apis.apps.patchNamespacedDeployment(
      {
        name: deployment.metadata!.name!,
        namespace,
        body: {
          spec: {
            template: {
              metadata: {
                annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt },
              },
            },
          },
        },
      },
      mergePatch(apis),
    );
    return {
      ok: true,
      detail: `restarted deployment ${namespace}/${deployment.metadata?.name} (restartedAt ${restartedAt})`,
    };
  },
};

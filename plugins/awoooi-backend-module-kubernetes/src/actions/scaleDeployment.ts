import { z } from 'zod';
import { evaluateBudgets, evictsNoPod } from '../checks/budgets';
import { isPodReady } from '../checks/workloads';
import { readDeploymentBudgets } from './budgetReads';
import { abortedOutcome, mergePatch, namespacedAccess } from './common';
import {
  deploymentBudgetCheck,
  readDeploymentTarget,
  resolveTargetDeployment,
} from './deployments';
import type { KubernetesAction } from './types';

export const scaleParams = z
  .object({ replicas: z.number().int().min(0).max(1000) })
  .strict();
export type ScaleParams = z.infer<typeof scaleParams>;

/**
 * `scale_deployment`: sets a Deployment's replica count through its
 * `scale` subresource, as `kubectl scale` does.
 */
export const scaleDeployment: KubernetesAction<ScaleParams> = {
  name: 'scale_deployment',
  description:
    'Set the replica count of a Deployment (kubectl scale). Target deployment/<ns>/<name>; params { replicas }.',
  baseRisk: 'MEDIUM',
  paramsSchema: scaleParams,
  targetKinds: ['deployment'],

  access: target => [
    namespacedAccess(target, 'patch', 'apps', 'deployments', 'scale'),
  ],

  async inspect({ apis, target, params }) {
    const namespace = target.namespace!;
    const read = await readDeploymentTarget(apis, target, {
      requestedReplicas: params.replicas,
    });
    if (read.failed) return read.failed;
    const { state } = read;
    const { deployment } = read.found;
    const current = deployment.spec?.replicas ?? 1;
    const wanted = params.replicas;
    const { own, matching, namespacePods } = await readDeploymentBudgets(
      apis,
      namespace,
      deployment,
      state,
    );
    const ownUids = new Set(own.map(p => p.metadata?.uid));
    const ready = own.filter(isPodReady).length;
    // The controller removes pods that are not ready first.
    const readyLost = Math.max(0, ready - wanted);
    const verdicts = evaluateBudgets(
      matching,
      namespacePods,
      () => readyLost,
      selected =>
        selected.filter(p => !ownUids.has(p.metadata?.uid)).length + wanted,
    );
    const change =
      wanted === current
        ? `already at ${current} replicas; nothing would change`
        : `${current} → ${wanted} replicas`;
    return {
      checks: [
        {
          name: 'exists',
          outcome: wanted === current ? 'warn' : 'pass',
          detail: `deployment ${namespace}/${deployment.metadata?.name} (${ready} ready): ${change}`,
        },
        wanted >= current
          ? evictsNoPod('scaling up or keeping the count removes no pod')
          : deploymentBudgetCheck(verdicts, deployment, 'after scaling'),
      ],
      state,
    };
  },

  async execute({ apis, target, params, signal }) {
    const namespace = target.namespace!;
    const { deployment } = await resolveTargetDeployment(apis, target);
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    const before = deployment.spec?.replicas ?? 1;
    const scale = await apis.apps.patchNamespacedDeploymentScale(
      {
        name: deployment.metadata!.name!,
        namespace,
        body: { spec: { replicas: params.replicas } },
      },
      mergePatch(apis),
    );
    return {
      ok: true,
      detail: `scaled deployment ${namespace}/${deployment.metadata?.name} from ${before} to ${scale.spec?.replicas} replicas`,
    };
  },
};

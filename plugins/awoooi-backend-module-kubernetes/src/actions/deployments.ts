import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type { V1Deployment } from '@kubernetes/client-node';
import { budgetCheck, BudgetVerdict } from '../checks/budgets';
import {
  deploymentState,
  ResolvedDeployment,
  resolveDeployment,
} from '../checks/workloads';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import { readTarget } from './common';
import type { ActionContext } from './types';

type Target = ActionContext<unknown>['target'];

/** The Deployment a `deployment/<ns>/<id>` target means (see resolveDeployment). */
export function resolveTargetDeployment(
  apis: KubernetesApis,
  target: Target,
): Promise<ResolvedDeployment> {
  return resolveDeployment(apis, target.namespace!, target.name);
}

/**
 * Reads a Deployment target for an inspection (see readTarget) and records
 * the workload in the state.
 */
export async function readDeploymentTarget(
  apis: KubernetesApis,
  target: Target,
  extra: Record<string, unknown> = {},
) {
  const read = await readTarget(
    target,
    `deployment ${target.namespace}/${target.name}`,
    () => resolveTargetDeployment(apis, target),
    extra,
  );
  if (!read.failed)
    read.state.workload = deploymentState(read.found.deployment);
  return read;
}

/** The `pdb` check of a change to every pod of a Deployment. */
export function deploymentBudgetCheck(
  verdicts: BudgetVerdict[],
  deployment: V1Deployment,
  consequence: string,
): DryRunCheck {
  return budgetCheck(
    verdicts,
    `no PodDisruptionBudget selects the pods of ${deployment.metadata?.name}`,
    consequence,
  );
}

import type { V1Deployment } from '@kubernetes/client-node';
import { budgetsSelecting } from '../checks/budgets';
import { podsOfDeployment } from '../checks/workloads';
import type { KubernetesApis } from '../clusters/KubernetesClusters';

/**
 * What a change to a Deployment's pods is weighed against: its own pods,
 * the PodDisruptionBudgets selecting its pod template, and every pod of the
 * namespace (a budget may select pods of other workloads too).
 */
export async function readDeploymentBudgets(
  apis: KubernetesApis,
  namespace: string,
  deployment: V1Deployment,
) {
  const [own, budgets, pods] = await Promise.all([
    podsOfDeployment(apis, deployment),
    apis.policy.listNamespacedPodDisruptionBudget({ namespace }),
    apis.core.listNamespacedPod({ namespace }),
  ]);
  const matching = budgetsSelecting(
    budgets.items,
    deployment.spec?.template?.metadata?.labels,
  );
  return { own, matching, namespacePods: pods.items };
}

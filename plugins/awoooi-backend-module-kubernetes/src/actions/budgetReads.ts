import type {
  V1Deployment,
  V1Pod,
  V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import { budgetsSelecting, budgetState } from '../checks/budgets';
import { podsOfDeployment } from '../checks/workloads';
import type { KubernetesApis } from '../clusters/KubernetesClusters';

/**
 * The PodDisruptionBudgets selecting pods with these labels, and every pod
 * of the namespace (a budget may select pods of other workloads too). The
 * budgets go into the inspection's state: a second approver's dry-run must
 * see the same ones.
 */
export async function readBudgetsSelecting(
  apis: KubernetesApis,
  namespace: string,
  labels: Record<string, string> | undefined,
  state: Record<string, unknown>,
): Promise<{ matching: V1PodDisruptionBudget[]; namespacePods: V1Pod[] }> {
  const [budgets, pods] = await Promise.all([
    apis.policy.listNamespacedPodDisruptionBudget({ namespace }),
    apis.core.listNamespacedPod({ namespace }),
  ]);
  const matching = budgetsSelecting(budgets.items, labels);
  state.pdbs = matching.map(budgetState);
  return { matching, namespacePods: pods.items };
}

/**
 * What a change to a Deployment's pods is weighed against: its own pods and
 * the budgets selecting its pod template (see `readBudgetsSelecting`).
 */
export async function readDeploymentBudgets(
  apis: KubernetesApis,
  namespace: string,
  deployment: V1Deployment,
  state: Record<string, unknown>,
): Promise<{
  own: V1Pod[];
  matching: V1PodDisruptionBudget[];
  namespacePods: V1Pod[];
}> {
  const [own, budgets] = await Promise.all([
    podsOfDeployment(apis, deployment),
    readBudgetsSelecting(
      apis,
      namespace,
      deployment.spec?.template?.metadata?.labels,
      state,
    ),
  ]);
  return { own, ...budgets };
}

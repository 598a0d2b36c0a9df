import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import {
  budgetsSelecting,
  budgetState,
  describeBudget,
  desiredHealthy,
} from '../checks/budgets';
import { controllerOf, isPodReady } from '../checks/workloads';
import type { KubernetesApis } from '../clusters/KubernetesClusters';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** What a drain does with each pod on the node, as `kubectl drain` sorts them. */
export interface DrainPlan {
  /** Controller-managed pods, evicted one by one through the Eviction API. */
  evict: V1Pod[];
  /** Bare pods: nothing would recreate them, so the drain refuses. */
  bare: V1Pod[];
  /** DaemonSet and static (mirror) pods: they stay, as with --ignore-daemonsets. */
  skipped: V1Pod[];
  /** Budgets that allow no disruption now, with the node's ready pods they hold. */
  blocking: Array<{ budget: V1PodDisruptionBudget; pods: V1Pod[] }>;
  budgets: V1PodDisruptionBudget[];
}

export const podName = (pod: V1Pod) =>
  `${pod.metadata?.namespace}/${pod.metadata?.name}`;

export function listNames(pods: V1Pod[]): string {
  const names = pods.map(podName);
  return names.length > 8
    ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`
    : names.join(', ');
}

function isFinished(pod: V1Pod) {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Disruptions a budget allows now: the disruption controller's figure, or computed. */
function disruptionsAllowed(budget: V1PodDisruptionBudget, pods: V1Pod[]) {
  if (budget.status?.disruptionsAllowed !== undefined) {
    return budget.status.disruptionsAllowed;
  }
  const selected = pods.filter(
    p => budgetsSelecting([budget], p.metadata?.labels).length > 0,
  );
  const healthy = selected.filter(isPodReady).length;
  return healthy - desiredHealthy(budget, selected.length);
}

/** Reads the node's pods and the budgets over them, and sorts the pods. */
export async function planDrain(
  apis: KubernetesApis,
  node: string,
): Promise<DrainPlan> {
  const { items } = await apis.core.listPodForAllNamespaces({
    fieldSelector: `spec.nodeName=${node}`,
  });
  const plan: DrainPlan = {
    evict: [],
    bare: [],
    skipped: [],
    blocking: [],
    budgets: [],
  };
  for (const pod of items.filter(p => !isFinished(p))) {
    const owner = controllerOf(pod);
    if (
      owner?.kind === 'DaemonSet' ||
      pod.metadata?.annotations?.[MIRROR_ANNOTATION]
    ) {
      plan.skipped.push(pod);
    } else if (!owner) plan.bare.push(pod);
    else plan.evict.push(pod);
  }
  const namespaces = [...new Set(plan.evict.map(p => p.metadata!.namespace!))];
  for (const namespace of namespaces.sort()) {
    const [budgets, pods] = await Promise.all([
      apis.policy.listNamespacedPodDisruptionBudget({ namespace }),
      apis.core.listNamespacedPod({ namespace }),
    ]);
    for (const budget of budgets.items) {
      const held = plan.evict.filter(
        p =>
          p.metadata?.namespace === namespace &&
          isPodReady(p) &&
          budgetsSelecting([budget], p.metadata?.labels).length > 0,
      );
      if (held.length === 0) continue;
      plan.budgets.push(budget);
      const inNamespace = pods.items.filter(p => !isFinished(p));
      if (disruptionsAllowed(budget, inNamespace) <= 0) {
        plan.blocking.push({ budget, pods: held });
      }
    }
  }
  return plan;
}

/** The `pdb` check of a drain: which budget would refuse which eviction. */
export function drainBudgetCheck(plan: DrainPlan): DryRunCheck {
  if (plan.blocking.length > 0) {
    return {
      name: 'pdb',
      outcome: 'fail',
      detail: `evictions would be refused: ${plan.blocking
        .map(
          b =>
            `${describeBudget(b.budget)} allows no disruption (${
              b.budget.status?.currentHealthy ?? '?'
            } healthy, ${
              b.budget.status?.desiredHealthy ?? '?'
            } required) and blocks ${listNames(b.pods)}`,
        )
        .join('; ')}`,
    };
  }
  if (plan.budgets.length === 0) {
    return {
      name: 'pdb',
      outcome: 'pass',
      detail: 'no PodDisruptionBudget selects a pod on the node',
    };
  }
  return {
    name: 'pdb',
    outcome: 'pass',
    detail: `evictions go one at a time within ${plan.budgets
      .map(describeBudget)
      .join('; ')}`,
  };
}

/** The `evictions` check: what would be evicted, and what refuses the drain. */
export function evictionsCheck(plan: DrainPlan): DryRunCheck {
  const skipped = plan.skipped.length
    ? `; ${plan.skipped.length} DaemonSet/static pod(s) stay`
    : '';
  if (plan.bare.length > 0) {
    return {
      name: 'evictions',
      outcome: 'fail',
      detail: `bare pod(s) ${listNames(
        plan.bare,
      )} have no controller and would be lost: delete_pod them first`,
    };
  }
  return {
    name: 'evictions',
    outcome: 'pass',
    detail: plan.evict.length
      ? `would evict ${plan.evict.length} pod(s): ${listNames(
          plan.evict,
        )}${skipped}`
      : `no pod to evict${skipped}`,
  };
}

/** What a second approver must see unchanged: the pods to evict and the budgets. */
export function drainState(plan: DrainPlan) {
  return {
    evict: plan.evict.map(p => ({ name: podName(p), uid: p.metadata?.uid })),
    bare: plan.bare.map(podName),
    pdbs: plan.budgets.map(budgetState),
  };
}

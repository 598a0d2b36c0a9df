import type { V1Pod } from '@kubernetes/client-node';
import { budgetCheck, evaluateBudgets } from '../checks/budgets';
import { controllerOf, isPodReady } from '../checks/workloads';
import { readBudgetsSelecting } from './budgetReads';
import {
  abortedOutcome,
  exactDelete,
  namespacedAccess,
  namespacedName,
  noParams,
  NoParams,
  readTarget,
} from './common';
import type { KubernetesAction } from './types';

function describeBarePod(pod: V1Pod): string {
  const node = pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : '';
  return `bare pod ${pod.metadata?.namespace}/${pod.metadata?.name} (${
    pod.status?.phase ?? 'Unknown'
  }, ${isPodReady(pod) ? 'ready' : 'not ready'}${node})`;
}

function managedRefusal(pod: V1Pod): string {
  const owner = controllerOf(pod)!;
  return `pod ${pod.metadata?.name} is managed by ${owner.kind} ${owner.name}, which would recreate it: use restart_pod or scale_deployment`;
}

/**
 * `delete_pod`: deletes a bare pod — one no controller owns, so nothing
 * recreates it (the FinOps clean-up of zombie bare pods). Pods of a
 * controller are refused: deleting them frees nothing.
 */
export const deletePod: KubernetesAction<NoParams> = {
  name: 'delete_pod',
  description:
    'Delete a bare pod (one no controller owns, so nothing recreates it), e.g. an idle zombie. Target pod/<ns>/<name>.',
  baseRisk: 'MEDIUM',
  paramsSchema: noParams,
  targetKinds: ['pod'],

  access: target => [namespacedAccess(target, 'delete', '', 'pods')],

  async inspect({ apis, target }) {
    const namespace = target.namespace!;
    const read = await readTarget(
      target,
      `pod ${namespace}/${target.name}`,
      () => apis.core.readNamespacedPod(namespacedName(target)),
    );
    if (read.failed) return read.failed;
    const { state, found: pod } = read;
    state.pod = { name: pod.metadata?.name, uid: pod.metadata?.uid };
    if (controllerOf(pod)) {
      return {
        checks: [
          { name: 'exists', outcome: 'fail', detail: managedRefusal(pod) },
        ],
        state,
      };
    }
    const { matching, namespacePods } = await readBudgetsSelecting(
      apis,
      namespace,
      pod.metadata?.labels,
      state,
    );
    const verdicts = evaluateBudgets(
      matching,
      namespacePods,
      () => (isPodReady(pod) ? 1 : 0),
      // Nothing brings a bare pod back: the budget expects one pod fewer.
      selected => Math.max(0, selected.length - 1),
    );
    return {
      checks: [
        {
          name: 'exists',
          outcome: 'pass',
          detail: `${describeBarePod(pod)}; nothing recreates it`,
        },
        budgetCheck(
          verdicts,
          `no PodDisruptionBudget selects pod ${pod.metadata?.name}`,
          'after the deletion',
        ),
      ],
      state,
    };
  },

  async execute({ apis, target, signal }) {
    const pod = await apis.core.readNamespacedPod(namespacedName(target));
    if (controllerOf(pod)) {
      return { ok: false, detail: `refused: ${managedRefusal(pod)}` };
    }
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    await apis.core.deleteNamespacedPod(
      exactDelete(namespacedName(target), pod.metadata?.uid),
    );
    return { ok: true, detail: `deleted ${describeBarePod(pod)}` };
  },
};

import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import { evictsNoPod } from '../checks/budgets';
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

/** Pods that still mount the claim (finished pods release it). */
async function podsMounting(
  apis: KubernetesApis,
  namespace: string,
  claim: string,
): Promise<V1Pod[]> {
  const { items } = await apis.core.listNamespacedPod({ namespace });
  return items.filter(
    pod =>
      pod.status?.phase !== 'Succeeded' &&
      pod.status?.phase !== 'Failed' &&
      (pod.spec?.volumes ?? []).some(
        v => v.persistentVolumeClaim?.claimName === claim,
      ),
  );
}

function describeClaim(claim: V1PersistentVolumeClaim): string {
  const size =
    claim.status?.capacity?.storage ?? claim.spec?.resources?.requests?.storage;
  const sc = claim.spec?.storageClassName
    ? `, storage class ${claim.spec.storageClassName}`
    : '';
  return `claim ${claim.metadata?.namespace}/${claim.metadata?.name} (${
    claim.status?.phase ?? 'Unknown'
  }, ${size ?? 'unknown size'}${sc})`;
}

function namesOf(pods: V1Pod[]): string {
  const names = pods.map(p => p.metadata?.name);
  return names.length > 5
    ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`
    : names.join(', ');
}

/**
 * `delete_pvc`: deletes a PersistentVolumeClaim no pod mounts — the FinOps
 * clean-up of orphaned volumes. Refused while any pod mounts the claim.
 */
export const deletePvc: KubernetesAction<NoParams> = {
  name: 'delete_pvc',
  description:
    'Delete a PersistentVolumeClaim that no pod mounts (its volume may be deleted with it). Target pvc/<ns>/<name>.',
  baseRisk: 'HIGH',
  paramsSchema: noParams,
  targetKinds: ['pvc'],

  access: target => [
    namespacedAccess(target, 'delete', '', 'persistentvolumeclaims'),
  ],

  async inspect({ apis, target }) {
    const namespace = target.namespace!;
    const read = await readTarget(
      target,
      `claim ${namespace}/${target.name}`,
      () =>
        apis.core.readNamespacedPersistentVolumeClaim(namespacedName(target)),
    );
    if (read.failed) return read.failed;
    const { state, found: claim } = read;
    const mounting = await podsMounting(apis, namespace, target.name);
    // A claim's resourceVersion moves only when the claim itself changes.
    state.claim = {
      name: claim.metadata?.name,
      uid: claim.metadata?.uid,
      resourceVersion: claim.metadata?.resourceVersion,
      phase: claim.status?.phase,
      volumeName: claim.spec?.volumeName,
      capacity: claim.status?.capacity?.storage,
    };
    state.mountedBy = mounting.map(p => p.metadata?.name).sort();
    return {
      checks: [
        { name: 'exists', outcome: 'pass', detail: describeClaim(claim) },
        mounting.length > 0
          ? {
              name: 'in_use',
              outcome: 'fail',
              detail: `mounted by pod ${namesOf(
                mounting,
              )}; a claim in use is never deleted`,
            }
          : {
              name: 'in_use',
              outcome: 'pass',
              detail: 'no pod mounts the claim',
            },
        evictsNoPod('deleting a claim that no pod mounts evicts no pod'),
      ],
      state,
    };
  },

  async execute({ apis, target, signal }) {
    const namespace = target.namespace!;
    const claim = await apis.core.readNamespacedPersistentVolumeClaim(
      namespacedName(target),
    );
    const mounting = await podsMounting(apis, namespace, target.name);
    if (mounting.length > 0) {
      return {
        ok: false,
        detail: `refused: claim ${namespace}/${
          target.name
        } is mounted by pod ${namesOf(mounting)}`,
      };
    }
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    await apis.core.deleteNamespacedPersistentVolumeClaim(
      exactDelete(namespacedName(target), claim.metadata?.uid),
    );
    return { ok: true, detail: `deleted ${describeClaim(claim)}` };
  },
};

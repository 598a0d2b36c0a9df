import type {
  V1Deployment,
  V1OwnerReference,
  V1Pod,
} from '@kubernetes/client-node';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import { isNotFound } from '../kubeErrors';
import { equalitySelector, matchesSelector } from '../labels';

/** The target does not exist (or is ambiguous): the `exists` check fails. */
export class MissingTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingTargetError';
  }
}

export interface ResolvedDeployment {
  deployment: V1Deployment;
  /** `name`, or the label selector that found it. */
  matchedBy: string;
}

/** Labels tried, in order, when no Deployment carries the target's name. */
const ID_LABELS = [
  'app.kubernetes.io/name',
  'app',
  'backstage.io/kubernetes-id',
];

/**
 * The Deployment a `deployment/<ns>/<id>` target means: the one named `<id>`,
 * else the only one labelled `app.kubernetes.io/name=<id>`, `app=<id>` or
 * `backstage.io/kubernetes-id=<id>` (tried in that order).
 */
export async function resolveDeployment(
  apis: KubernetesApis,
  namespace: string,
  id: string,
): Promise<ResolvedDeployment> {
  try {
    const deployment = await apis.apps.readNamespacedDeployment({
      name: id,
      namespace,
    });
    return { deployment, matchedBy: 'name' };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  for (const label of ID_LABELS) {
    const labelSelector = `${label}=${id}`;
    const { items } = await apis.apps.listNamespacedDeployment({
      namespace,
      labelSelector,
    });
    if (items.length === 1)
      return { deployment: items[0], matchedBy: labelSelector };
    if (items.length > 1) {
      throw new MissingTargetError(
        `${
          items.length
        } deployments in namespace ${namespace} match ${labelSelector} (${items
          .map(d => d.metadata?.name)
          .join(', ')}); name one of them`,
      );
    }
  }
  throw new MissingTargetError(
    `no deployment ${namespace}/${id}, and none labelled ${ID_LABELS.map(
      l => `${l}=${id}`,
    ).join(' or ')}`,
  );
}

export function controllerOf(obj: {
  metadata?: { ownerReferences?: V1OwnerReference[] };
}): V1OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find(ref => ref.controller);
}

export function isPodReady(pod: V1Pod): boolean {
  return (
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

export function restartsOf(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum, c) => sum + (c.restartCount ?? 0),
    0,
  );
}

/** Pods of a Deployment: those whose controller is one of its ReplicaSets. */
export async function podsOfDeployment(
  apis: KubernetesApis,
  deployment: V1Deployment,
): Promise<V1Pod[]> {
  const namespace = deployment.metadata!.namespace!;
  const labelSelector =
    equalitySelector(deployment.spec?.selector) || undefined;
  const [replicaSets, pods] = await Promise.all([
    apis.apps.listNamespacedReplicaSet({ namespace, labelSelector }),
    apis.core.listNamespacedPod({ namespace, labelSelector }),
  ]);
  const owned = new Set(
    replicaSets.items
      .filter(rs => controllerOf(rs)?.uid === deployment.metadata?.uid)
      .map(rs => rs.metadata?.uid),
  );
  return pods.items.filter(
    pod =>
      owned.has(controllerOf(pod)?.uid) &&
      matchesSelector(deployment.spec?.selector, pod.metadata?.labels) &&
      !pod.metadata?.deletionTimestamp,
  );
}

/**
 * Which pod of a workload a restart should hit: a pod that is not ready
 * first, then the one with most restarts, then the oldest, then by name —
 * the sick one if there is one, and always the same one for the same state.
 */
export function pickPodToRestart(pods: V1Pod[]): V1Pod | undefined {
  const created = (pod: V1Pod) =>
    pod.metadata?.creationTimestamp
      ? new Date(pod.metadata.creationTimestamp).getTime()
      : 0;
  return [...pods].sort(
    (a, b) =>
      Number(isPodReady(a)) - Number(isPodReady(b)) ||
      restartsOf(b) - restartsOf(a) ||
      created(a) - created(b) ||
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  )[0];
}

export interface PodWorkload {
  /** The pod's controller: a ReplicaSet, StatefulSet, DaemonSet, Job, … */
  owner: V1OwnerReference;
  /** The Deployment above a ReplicaSet owner, when there is one. */
  deployment?: V1Deployment;
}

/** Walks pod → ReplicaSet → Deployment; undefined for a bare pod. */
export async function workloadOfPod(
  apis: KubernetesApis,
  pod: V1Pod,
): Promise<PodWorkload | undefined> {
  const owner = controllerOf(pod);
  if (!owner) return undefined;
  if (owner.kind !== 'ReplicaSet') return { owner };
  const namespace = pod.metadata!.namespace!;
  try {
    const rs = await apis.apps.readNamespacedReplicaSet({
      name: owner.name,
      namespace,
    });
    const rsOwner = controllerOf(rs);
    if (rsOwner?.kind !== 'Deployment') return { owner };
    const deployment = await apis.apps.readNamespacedDeployment({
      name: rsOwner.name,
      namespace,
    });
    return { owner, deployment };
  } catch (error) {
    if (isNotFound(error)) return { owner };
    throw error;
  }
}

/** What the fingerprint keeps of a Deployment: identity, spec version, counts. */
export function deploymentState(deployment: V1Deployment) {
  return {
    name: deployment.metadata?.name,
    uid: deployment.metadata?.uid,
    generation: deployment.metadata?.generation,
    replicas: deployment.spec?.replicas ?? 1,
    readyReplicas: deployment.status?.readyReplicas ?? 0,
  };
}

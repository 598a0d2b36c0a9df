import type { KubeStore } from '../store/KubeStore';
import type { KubeObject } from '../store/types';
import {
  controllerRef,
  controllerUid,
  isPodReady,
  setStatus,
  withoutZeros,
} from './helpers';

/** Order in which surplus pods go: unscheduled, then not ready, then newest. */
function deletionOrder(a: KubeObject, b: KubeObject): number {
  const rank = (pod: KubeObject) =>
    (pod.spec?.nodeName ? 2 : 0) + (isPodReady(pod) ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const byAge = (b.metadata.creationTimestamp ?? '').localeCompare(
    a.metadata.creationTimestamp ?? '',
  );
  if (byAge !== 0) return byAge;
  return (
    Number(b.metadata.resourceVersion) - Number(a.metadata.resourceVersion)
  );
}

function createPod(store: KubeStore, rs: KubeObject) {
  const namespace = rs.metadata.namespace!;
  const template = rs.spec?.template ?? {};
  let name = '';
  do {
    name = `${rs.metadata.name}-${store.random.suffix()}`;
  } while (store.get('Pod', namespace, name));
  store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...template.metadata,
      name,
      generateName: `${rs.metadata.name}-`,
      namespace,
      ownerReferences: [controllerRef(rs)],
    },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      ...template.spec,
    },
  });
}

/**
 * The ReplicaSet controller: keeps `spec.replicas` pods. A deleted pod is
 * replaced at once by one with a fresh random suffix and the same labels.
 */
export function reconcileReplicaSets(store: KubeStore) {
  for (const rs of store.scan('ReplicaSet')) {
    const namespace = rs.metadata.namespace!;
    const desired: number = rs.spec?.replicas ?? 1;
    const pods = store
      .scan('Pod', namespace)
      .filter(pod => controllerUid(pod) === rs.metadata.uid);
    for (let i = pods.length; i < desired; i++) createPod(store, rs);
    if (pods.length > desired) {
      const surplus = [...pods]
        .sort(deletionOrder)
        .slice(0, pods.length - desired);
      for (const pod of surplus) {
        store.remove('Pod', namespace, pod.metadata.name);
      }
    }
    const live = store
      .scan('Pod', namespace)
      .filter(pod => controllerUid(pod) === rs.metadata.uid);
    const ready = live.filter(isPodReady).length;
    setStatus(store, rs, {
      replicas: live.length,
      ...withoutZeros({
        fullyLabeledReplicas: live.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation,
      }),
    });
  }
}

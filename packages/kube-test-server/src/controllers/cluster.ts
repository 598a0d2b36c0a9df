import { kubeTimestamp, KubeStore } from '../store/KubeStore';
import { matchesLabelSelector } from '../store/selectors';
import {
  condition,
  controllerUid,
  isPodReady,
  resolveIntOrPercent,
  setStatus,
} from './helpers';

const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export function reconcileNamespaces(store: KubeStore) {
  for (const ns of store.scan('Namespace')) {
    const name = ns.metadata.name;
    if (ns.metadata.labels?.['kubernetes.io/metadata.name'] !== name) {
      store.patch('Namespace', undefined, name, {
        metadata: { labels: { 'kubernetes.io/metadata.name': name } },
      });
    }
    setStatus(store, ns, { phase: 'Active' });
  }
}

/** The node lifecycle controller's taint for cordoned nodes. */
export function reconcileNodes(store: KubeStore) {
  for (const node of store.scan('Node')) {
    const taints: Array<{ key: string; effect: string; timeAdded?: string }> =
      node.spec?.taints ?? [];
    const has = taints.some(t => t.key === UNSCHEDULABLE_TAINT);
    const want = Boolean(node.spec?.unschedulable);
    if (has === want) continue;
    const next = want
      ? [
          ...taints,
          {
            key: UNSCHEDULABLE_TAINT,
            effect: 'NoSchedule',
            timeAdded: kubeTimestamp(store.now()),
          },
        ]
      : taints.filter(t => t.key !== UNSCHEDULABLE_TAINT);
    store.patch('Node', undefined, node.metadata.name, {
      spec: { taints: next.length ? next : null },
    });
  }
}

/** The disruption controller: healthy/expected pod counts of each budget. */
export function reconcileDisruptionBudgets(store: KubeStore) {
  for (const pdb of store.scan('PodDisruptionBudget')) {
    const namespace = pdb.metadata.namespace!;
    const pods = store
      .scan('Pod', namespace)
      .filter(pod =>
        matchesLabelSelector(pdb.spec?.selector, pod.metadata.labels),
      );
    // Expected pods come from the owning controllers' scale, as in Kubernetes.
    const owners = new Map<string, number>();
    let bare = 0;
    for (const pod of pods) {
      const uid = controllerUid(pod);
      const owner = uid ? store.byUid(uid) : undefined;
      if (owner) owners.set(uid!, owner.spec?.replicas ?? 1);
      else bare++;
    }
    const expected = [...owners.values()].reduce((a, b) => a + b, bare);
    const healthy = pods.filter(isPodReady).length;
    const minAvailable = resolveIntOrPercent(
      pdb.spec?.minAvailable,
      expected,
      true,
    );
    const maxUnavailable = resolveIntOrPercent(
      pdb.spec?.maxUnavailable,
      expected,
      true,
    );
    const desired =
      minAvailable ??
      (maxUnavailable !== undefined
        ? Math.max(0, expected - maxUnavailable)
        : 0);
    const allowed = Math.max(0, healthy - desired);
    setStatus(store, pdb, {
      observedGeneration: pdb.metadata.generation,
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
      conditions: [
        condition(store, pdb.status?.conditions, {
          type: 'DisruptionAllowed',
          status: allowed > 0 ? 'True' : 'False',
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
        }),
      ],
    });
  }
}

/** The garbage collector: objects whose every owner is gone go too. */
export function collectGarbage(store: KubeStore) {
  const all = store.all();
  const uids = new Set(all.map(obj => obj.metadata.uid));
  for (const obj of all) {
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length > 0 && owners.every(o => !uids.has(o.uid))) {
      if (store.get(obj.kind, obj.metadata.namespace, obj.metadata.name)) {
        store.remove(obj.kind, obj.metadata.namespace, obj.metadata.name);
      }
    }
  }
}

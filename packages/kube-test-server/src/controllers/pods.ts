import { kubeTimestamp, KubeStore } from '../store/KubeStore';
import { safeHash } from '../store/random';
import type { KubeObject } from '../store/types';
import { condition, setStatus } from './helpers';

interface Container {
  name: string;
  image?: string;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
}

function isNodeReady(node: KubeObject): boolean {
  return (
    node.status?.conditions?.some(
      (c: { type: string; status: string }) =>
        c.type === 'Ready' && c.status === 'True',
    ) ?? true
  );
}

function fitsNodeSelector(pod: KubeObject, node: KubeObject): boolean {
  const wanted: Record<string, string> = pod.spec?.nodeSelector ?? {};
  const labels = node.metadata.labels ?? {};
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** A NoSchedule taint keeps a pod off the node unless the pod tolerates it. */
function toleratesTaints(pod: KubeObject, node: KubeObject): boolean {
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  const taints: Array<{ key: string; value?: string; effect: string }> =
    node.spec?.taints ?? [];
  return taints
    .filter(t => t.effect === 'NoSchedule')
    .every(taint =>
      tolerations.some(
        t =>
          (!t.effect || t.effect === taint.effect) &&
          (t.operator === 'Exists'
            ? !t.key || t.key === taint.key
            : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')),
      ),
    );
}

/** The schedulable, ready node with the fewest pods (ties by name). */
function pickNode(store: KubeStore, pod: KubeObject): KubeObject | undefined {
  const load = new Map<string, number>();
  for (const other of store.scan('Pod')) {
    const nodeName = other.spec?.nodeName;
    if (nodeName) load.set(nodeName, (load.get(nodeName) ?? 0) + 1);
  }
  return store
    .scan('Node')
    .filter(n => !n.spec?.unschedulable && isNodeReady(n))
    .filter(n => fitsNodeSelector(pod, n) && toleratesTaints(pod, n))
    .sort(
      (a, b) =>
        (load.get(a.metadata.name) ?? 0) - (load.get(b.metadata.name) ?? 0) ||
        a.metadata.name.localeCompare(b.metadata.name),
    )[0];
}

function qosClass(containers: Container[]): string {
  const requests = containers.map(c => c.resources?.requests ?? {});
  const limits = containers.map(c => c.resources?.limits ?? {});
  const none = containers.every(
    (_, i) =>
      Object.keys(requests[i]).length === 0 &&
      Object.keys(limits[i]).length === 0,
  );
  if (none) return 'BestEffort';
  const guaranteed = containers.every(
    (_, i) =>
      ['cpu', 'memory'].every(r => limits[i][r] !== undefined) &&
      ['cpu', 'memory'].every(
        r => requests[i][r] === undefined || requests[i][r] === limits[i][r],
      ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Status of a pod whose containers all started and pass readiness. */
function runningStatus(store: KubeStore, pod: KubeObject, node: KubeObject) {
  const now = kubeTimestamp(store.now());
  const containers: Container[] = pod.spec?.containers ?? [];
  const hostIP =
    node.status?.addresses?.find(
      (a: { type: string }) => a.type === 'InternalIP',
    )?.address ?? '10.0.0.1';
  const podIP = `10.244.${Math.floor(store.random.next() * 250) + 1}.${
    Math.floor(store.random.next() * 250) + 2
  }`;
  const previous = pod.status?.conditions;
  const ok = (type: string) =>
    condition(store, previous, { type, status: 'True' });
  return {
    phase: 'Running',
    conditions: [
      ok('PodReadyToStartContainers'),
      ok('Initialized'),
      ok('Ready'),
      ok('ContainersReady'),
      ok('PodScheduled'),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    containerStatuses: containers.map(c => ({
      name: c.name,
      image: c.image ?? '',
      imageID: c.image ? `${c.image}@sha256:${safeHash(c.image, 16)}` : '',
      containerID: `containerd://${safeHash(
        `${pod.metadata.uid}/${c.name}`,
        32,
      )}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    })),
    qosClass: qosClass(containers),
  };
}

/**
 * Scheduler and kubelet in one: binds new pods to a node and starts them
 * (Running and Ready at once). Pods no node can take stay Pending with
 * `PodScheduled=False/Unschedulable` until one can. Pods that already have a
 * phase are left alone, so a test can put one into CrashLoopBackOff.
 */
export function reconcilePods(store: KubeStore) {
  for (const pod of store.scan('Pod')) {
    const scheduled = Boolean(pod.spec?.nodeName);
    const phase = pod.status?.phase;
    if (scheduled && phase) continue;
    if (!scheduled) {
      const node = pickNode(store, pod);
      if (!node) {
        const nodes = store.scan('Node');
        const cordoned = nodes.filter(n => n.spec?.unschedulable).length;
        setStatus(store, pod, {
          phase: 'Pending',
          conditions: [
            condition(store, pod.status?.conditions, {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: `0/${nodes.length} nodes are available: ${cordoned} node(s) were unschedulable.`,
            }),
          ],
          qosClass: qosClass(pod.spec?.containers ?? []),
        });
        continue;
      }
      const bound = store.patch(
        'Pod',
        pod.metadata.namespace,
        pod.metadata.name,
        {
          spec: { nodeName: node.metadata.name },
        },
      );
      setStatus(store, bound, runningStatus(store, bound, node));
      continue;
    }
    const node = store.get('Node', undefined, pod.spec.nodeName);
    if (node) setStatus(store, pod, runningStatus(store, pod, node));
  }
}

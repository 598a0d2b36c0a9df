import type {
  FinOpsInput,
  FinOpsNodeInput,
  FinOpsPodInput,
  FinOpsPvcInput,
  KubeObject,
} from '@awoooi/plugin-awoooi-node';
import type { KubeEntityIndex } from '../kube/kubeLinks';
import { KubeSnapshot, objectsOf } from '../kube/kubeSnapshot';
import type { PodUsage } from './podUsage';
import { quantityCores, quantityGi } from './quantity';

const INSTANCE_TYPE_LABELS = [
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
];

function isLive(pod: KubeObject) {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** Sum of the containers' requests (init containers run before, not beside them). */
function requests(pod: KubeObject) {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += quantityCores(c.resources?.requests?.cpu);
    memory += quantityGi(c.resources?.requests?.memory);
  }
  return { cpu, memory };
}

/**
 * The Deployment behind a pod (its ReplicaSet minus the pod-template-hash),
 * null for a bare pod, undefined for pods of other controllers (StatefulSet,
 * DaemonSet, Job), which are not scaled down as zombies.
 */
export function deploymentOf(pod: KubeObject): string | null | undefined {
  const owner =
    pod.metadata.ownerReferences?.find(o => o.controller) ??
    pod.metadata.ownerReferences?.[0];
  if (!owner) return null;
  if (owner.kind !== 'ReplicaSet') return undefined;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -hash.length - 1);
  return owner.name.replace(/-[a-z0-9]+$/, '');
}

const mean = (values: number[]) =>
  values.reduce((a, b) => a + b, 0) / values.length;

export interface BuiltInput {
  input: FinOpsInput;
  notes: string[];
  /** Entities with an object in this cluster. */
  entityRefs: Set<string>;
}

/** What runs on a node: each pod's requests and, if read, its usage. */
type PodsByNode = Map<
  string,
  Array<{ cpu: number; memory: number; usage?: PodUsage }>
>;

/**
 * The FinOps engine's input for one cluster. Without usage (no Prometheus)
 * only orphaned claims can be found: pods and nodes are left out rather than
 * read as idle. A node is left out too when a pod on it has requests but no
 * usage data.
 */
export function buildFinOpsInput(
  snapshot: KubeSnapshot,
  index: KubeEntityIndex,
  usage?: Map<string, PodUsage>,
): BuiltInput {
  const notes: string[] = [];
  const entityRefs = new Set<string>();
  const pods = objectsOf(snapshot, 'pods').filter(isLive);
  const pvcs = pvcInputs(snapshot, index, pods, entityRefs);
  const { podInputs, byNode } = podInputsOf(pods, index, entityRefs, usage);
  const { nodes, withoutData } = nodeInputs(snapshot, byNode, usage);
  if (withoutData.length) {
    notes.push(
      `cluster '${snapshot.cluster}': node(s) ${withoutData.join(
        ', ',
      )} left out: pods on them have no usage data in Prometheus`,
    );
  }
  return {
    input: { cluster: snapshot.cluster, pvcs, pods: podInputs, nodes },
    notes,
    entityRefs,
  };
}

/** `namespace/claim` of every claim a live pod mounts. */
function claimsInUse(pods: KubeObject[]): Set<string> {
  const claims = new Set<string>();
  for (const pod of pods) {
    for (const v of pod.spec?.volumes ?? []) {
      if (v.persistentVolumeClaim?.claimName)
        claims.add(
          `${pod.metadata.namespace}/${v.persistentVolumeClaim.claimName}`,
        );
    }
  }
  return claims;
}

function pvcInputs(
  snapshot: KubeSnapshot,
  index: KubeEntityIndex,
  pods: KubeObject[],
  entityRefs: Set<string>,
): FinOpsPvcInput[] {
  const inUse = claimsInUse(pods);
  return objectsOf(snapshot, 'persistentvolumeclaims').map(claim => {
    const entity = index.entityFor(claim);
    if (entity) entityRefs.add(entity.entityRef);
    return {
      namespace: claim.metadata.namespace ?? 'default',
      name: claim.metadata.name,
      storageGi: quantityGi(
        claim.spec?.resources?.requests?.storage ??
          claim.status?.capacity?.storage,
      ),
      storageClass: claim.spec?.storageClassName ?? '',
      boundToPod: inUse.has(
        `${claim.metadata.namespace}/${claim.metadata.name}`,
      ),
      ...(entity ? { entityRef: entity.entityRef } : {}),
    };
  });
}

/**
 * The pods the engine may judge (with usage, of a Deployment or bare), and
 * what every pod puts on its node.
 */
function podInputsOf(
  pods: KubeObject[],
  index: KubeEntityIndex,
  entityRefs: Set<string>,
  usage?: Map<string, PodUsage>,
) {
  const podInputs: FinOpsPodInput[] = [];
  const byNode: PodsByNode = new Map();
  for (const pod of pods) {
    const entity = index.entityFor(pod);
    if (entity) entityRefs.add(entity.entityRef);
    const req = requests(pod);
    const use = usage?.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    const node = pod.spec?.nodeName as string | undefined;
    if (node)
      byNode.set(node, [...(byNode.get(node) ?? []), { ...req, usage: use }]);
    const owner = deploymentOf(pod);
    if (!usage || owner === undefined) continue;
    podInputs.push({
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      owner,
      cpuRequestCores: req.cpu,
      memoryRequestGi: req.memory,
      dailyCpuCores: use?.dailyCpuCores ?? [],
      dailyMemoryGi: use?.dailyMemoryGi ?? [],
      ...(entity ? { entityRef: entity.entityRef } : {}),
      ...(node ? { nodeName: node } : {}),
    });
  }
  return { podInputs, byNode };
}

/** The nodes with usage for every pod that requests something; the others by name. */
function nodeInputs(
  snapshot: KubeSnapshot,
  byNode: PodsByNode,
  usage?: Map<string, PodUsage>,
) {
  const nodes: FinOpsNodeInput[] = [];
  const withoutData: string[] = [];
  for (const node of usage ? objectsOf(snapshot, 'nodes') : []) {
    const allocatableCpu = quantityCores(node.status?.allocatable?.cpu);
    const allocatableMemoryGi = quantityGi(node.status?.allocatable?.memory);
    if (!(allocatableCpu > 0 && allocatableMemoryGi > 0)) continue;
    const onNode = byNode.get(node.metadata.name) ?? [];
    if (
      onNode.some(
        p => (p.cpu > 0 || p.memory > 0) && !p.usage?.dailyCpuCores.length,
      )
    ) {
      withoutData.push(node.metadata.name);
      continue;
    }
    const used = onNode.filter(p => p.usage?.dailyCpuCores.length);
    nodes.push({
      name: node.metadata.name,
      nodeType:
        INSTANCE_TYPE_LABELS.map(l => node.metadata.labels?.[l]).find(
          Boolean,
        ) ?? 'unknown',
      allocatableCpu,
      allocatableMemoryGi,
      requestedCpu: onNode.reduce((s, p) => s + p.cpu, 0),
      requestedMemoryGi: onNode.reduce((s, p) => s + p.memory, 0),
      actualCpu: used.reduce((s, p) => s + mean(p.usage!.dailyCpuCores), 0),
      actualMemoryGi: used.reduce(
        (s, p) =>
          s +
          (p.usage!.dailyMemoryGi.length
            ? mean(p.usage!.dailyMemoryGi)
            : p.memory),
        0,
      ),
    });
  }
  return { nodes, withoutData };
}

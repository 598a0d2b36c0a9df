import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type { V1Node } from '@kubernetes/client-node';
import type { AccessNeed } from '../checks/rbac';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import type { KubernetesTarget } from '../targets';
import { mergePatch, readTarget } from './common';

export function isNodeReady(node: V1Node): boolean {
  return (
    node.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/** Ready, schedulable nodes other than `name`: where displaced pods can go. */
export async function otherSchedulableNodes(
  apis: KubernetesApis,
  name: string,
): Promise<V1Node[]> {
  const nodes = await apis.core.listNode();
  return nodes.items.filter(
    n => !n.spec?.unschedulable && isNodeReady(n) && n.metadata?.name !== name,
  );
}

/** The `capacity` check: is there another node for the pods to go to? */
export function capacityCheck(schedulable: number, what: string): DryRunCheck {
  if (schedulable === 0) {
    return {
      name: 'capacity',
      outcome: 'fail',
      detail: `no other schedulable, ready node would remain for ${what}`,
    };
  }
  return {
    name: 'capacity',
    outcome: schedulable === 1 ? 'warn' : 'pass',
    detail: `${schedulable} other schedulable node(s) would take ${what}`,
  };
}

/** Identity and the parts of a node a second approver cares about (heartbeats left out). */
export function nodeState(node: V1Node) {
  return {
    name: node.metadata?.name,
    uid: node.metadata?.uid,
    unschedulable: node.spec?.unschedulable === true,
    ready: isNodeReady(node),
  };
}

/** `kubectl cordon` / `uncordon`: a merge patch of `spec.unschedulable`. */
export async function setUnschedulable(
  apis: KubernetesApis,
  name: string,
  unschedulable: boolean,
): Promise<V1Node> {
  return apis.core.patchNode(
    // null removes the field, as kubectl uncordon leaves it.
    { name, body: { spec: { unschedulable: unschedulable ? true : null } } },
    mergePatch(apis),
  );
}

/** Reads a node target for an inspection (see readTarget) and records its state. */
export async function readNodeTarget(
  apis: KubernetesApis,
  target: KubernetesTarget & { cluster: string },
) {
  const read = await readTarget(target, `node ${target.name}`, () =>
    apis.core.readNode({ name: target.name }),
  );
  if (!read.failed) read.state.node = nodeState(read.found);
  return read;
}

/** The permission to patch the target node (cordon, uncordon and drain need it). */
export function nodePatchAccess(target: KubernetesTarget): AccessNeed {
  return { verb: 'patch', group: '', resource: 'nodes', name: target.name };
}

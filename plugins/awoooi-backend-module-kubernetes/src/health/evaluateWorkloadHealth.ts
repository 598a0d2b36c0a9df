import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { KUBERNETES_ID_LABEL } from '../labels';

/** Unhealthy findings of one workload, keyed by its `backstage.io/kubernetes-id`. */
export interface WorkloadHealth {
  namespace: string;
  kubernetesId: string;
  evidence: string[];
}

/** Container waiting reasons that mean the container cannot run. */
const BAD_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
]);

function podEvidence(pod: V1Pod): string[] {
  const name = `pod ${pod.metadata?.namespace}/${pod.metadata?.name}`;
  const phase = pod.status?.phase;
  if (pod.metadata?.deletionTimestamp || phase === 'Succeeded') return [];
  if (phase === 'Failed') {
    return [
      `${name}: Failed${pod.status?.reason ? ` (${pod.status.reason})` : ''}`,
    ];
  }
  const evidence: string[] = [];
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting?.reason;
    if (waiting && BAD_WAITING.has(waiting)) {
      evidence.push(
        `${name}: container ${c.name} ${waiting} (${c.restartCount} restarts)`,
      );
    } else if (c.lastState?.terminated?.reason === 'OOMKilled') {
      evidence.push(
        `${name}: container ${c.name} was OOMKilled (${c.restartCount} restarts)`,
      );
    }
  }
  if (evidence.length > 0) return evidence;
  if (phase === 'Pending') {
    const unscheduled = pod.status?.conditions?.find(
      c => c.type === 'PodScheduled' && c.status === 'False',
    );
    return unscheduled
      ? [`${name}: Pending (${unscheduled.reason ?? 'not scheduled'})`]
      : [];
  }
  const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
  if (phase === 'Running' && ready?.status === 'False')
    return [`${name}: not ready`];
  return [];
}

function deploymentEvidence(deployment: V1Deployment): string[] {
  const desired = deployment.spec?.replicas ?? 1;
  const ready = deployment.status?.readyReplicas ?? 0;
  if (desired === 0 || ready >= desired) return [];
  return [
    `deployment ${deployment.metadata?.namespace}/${deployment.metadata?.name}: ${ready}/${desired} replicas ready`,
  ];
}

/**
 * Pure verdict over workloads labelled `backstage.io/kubernetes-id`: a
 * Deployment with fewer ready replicas than desired, and pods that crash-loop,
 * cannot pull their image, were OOM-killed, failed, cannot be scheduled or
 * are running but not ready. Workloads without findings are left out.
 */
export function evaluateWorkloadHealth(
  deployments: V1Deployment[],
  pods: V1Pod[],
): WorkloadHealth[] {
  const byWorkload = new Map<string, WorkloadHealth>();
  const add = (
    obj: { metadata?: { namespace?: string; labels?: Record<string, string> } },
    evidence: string[],
  ) => {
    const id = obj.metadata?.labels?.[KUBERNETES_ID_LABEL];
    const namespace = obj.metadata?.namespace;
    if (!id || !namespace || evidence.length === 0) return;
    const key = `${namespace}/${id}`;
    const entry = byWorkload.get(key) ?? {
      namespace,
      kubernetesId: id,
      evidence: [],
    };
    entry.evidence.push(...evidence);
    byWorkload.set(key, entry);
  };
  for (const deployment of deployments)
    add(deployment, deploymentEvidence(deployment));
  for (const pod of pods) add(pod, podEvidence(pod));
  return [...byWorkload.values()].sort((a, b) =>
    `${a.namespace}/${a.kubernetesId}`.localeCompare(
      `${b.namespace}/${b.kubernetesId}`,
    ),
  );
}

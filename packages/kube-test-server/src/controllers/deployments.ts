import type { KubeStore } from '../store/KubeStore';
import { canonical } from '../store/patch';
import { safeHash } from '../store/random';
import type { KubeObject } from '../store/types';
import {
  condition,
  controllerRef,
  controllerUid,
  isPodReady,
  setStatus,
  withoutZeros,
} from './helpers';

const REVISION = 'deployment.kubernetes.io/revision';

function templateHash(template: unknown): string {
  return safeHash(JSON.stringify(canonical(template ?? {})));
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0);
}

/**
 * The Deployment controller, without the rolling pace: the ReplicaSet of the
 * current pod template gets all replicas at once and older ones drop to zero.
 * A template change (such as a rollout restart's `restartedAt` annotation)
 * therefore replaces every pod in one settle.
 */
export function reconcileDeployments(store: KubeStore) {
  for (const deployment of store.scan('Deployment')) {
    const namespace = deployment.metadata.namespace!;
    const desired: number = deployment.spec?.replicas ?? 1;
    const hash = templateHash(deployment.spec?.template ?? {});
    const owned = store
      .scan('ReplicaSet', namespace)
      .filter(rs => controllerUid(rs) === deployment.metadata.uid);
    const current = reconcileCurrentReplicaSet(
      store,
      deployment,
      owned,
      hash,
      desired,
    );
    scaleDownOlderReplicaSets(store, owned, current);
    updateDeploymentStatus(store, deployment, owned, current, desired);
  }
}

/**
 * The ReplicaSet of the current template with the desired replicas: created
 * as the next revision when the template changed, else resized if needed.
 */
function reconcileCurrentReplicaSet(
  store: KubeStore,
  deployment: KubeObject,
  owned: KubeObject[],
  hash: string,
  desired: number,
): KubeObject {
  const namespace = deployment.metadata.namespace!;
  const current = owned.find(
    rs => rs.metadata.labels?.['pod-template-hash'] === hash,
  );
  if (!current) {
    const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
    return store.create(newReplicaSet(deployment, hash, desired, revision));
  }
  if (current.spec?.replicas !== desired) {
    store.patch('ReplicaSet', namespace, current.metadata.name, {
      metadata: {
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(desired),
        },
      },
      spec: { replicas: desired },
    });
  }
  return current;
}

function newReplicaSet(
  deployment: KubeObject,
  hash: string,
  desired: number,
  revision: number,
): KubeObject {
  const template = deployment.spec?.template ?? {};
  const labels = {
    ...template.metadata?.labels,
    'pod-template-hash': hash,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace!,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(desired),
        [REVISION]: String(revision),
      },
      ownerReferences: [controllerRef(deployment)],
    },
    spec: {
      replicas: desired,
      selector: {
        ...deployment.spec?.selector,
        matchLabels: {
          ...deployment.spec?.selector?.matchLabels,
          'pod-template-hash': hash,
        },
      },
      template: {
        ...template,
        metadata: { ...template.metadata, labels },
      },
    },
  };
}

function scaleDownOlderReplicaSets(
  store: KubeStore,
  owned: KubeObject[],
  current: KubeObject,
) {
  for (const old of owned) {
    if (old.metadata.uid !== current.metadata.uid && old.spec?.replicas !== 0) {
      store.patch('ReplicaSet', old.metadata.namespace, old.metadata.name, {
        spec: { replicas: 0 },
      });
    }
  }
}

/** Replica counts and the Available/Progressing conditions of the pods. */
function updateDeploymentStatus(
  store: KubeStore,
  deployment: KubeObject,
  owned: KubeObject[],
  current: KubeObject,
  desired: number,
) {
  const rsUids = new Set(owned.map(rs => rs.metadata.uid));
  rsUids.add(current.metadata.uid);
  const pods = store
    .scan('Pod', deployment.metadata.namespace!)
    .filter(pod => rsUids.has(controllerUid(pod)));
  const updated = pods.filter(
    pod => controllerUid(pod) === current.metadata.uid,
  );
  const ready = pods.filter(isPodReady).length;
  const previous = deployment.status?.conditions;
  const available = ready >= desired;
  setStatus(store, deployment, {
    ...withoutZeros({
      observedGeneration: deployment.metadata.generation,
      replicas: pods.length,
      updatedReplicas: updated.length,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: Math.max(0, desired - ready),
    }),
    conditions: [
      condition(
        store,
        previous,
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available
            ? 'MinimumReplicasAvailable'
            : 'MinimumReplicasUnavailable',
          message: available
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
        },
        true,
      ),
      condition(
        store,
        previous,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${current.metadata.name}" has successfully progressed.`,
        },
        true,
      ),
    ],
  });
}

import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@awoooi/plugin-awoooi-common';
import { formatTarget, isKubernetesName, isNamespaceName } from './targets';

/** Actions whose default target is the entity's Deployment. */
const DEPLOYMENT_ACTIONS = new Set([
  'restart_pod',
  'rollout_restart',
  'scale_deployment',
]);

/**
 * The default target of an action for a catalog entity:
 * `[<cluster>:]deployment/<namespace>/<kubernetes-id>` from the
 * `backstage.io/kubernetes-id` and `backstage.io/kubernetes-namespace`
 * (default `default`) annotations, plus `awoooi.io/kubernetes-cluster`.
 * The Deployment is found at dry-run time by that name or by the labels
 * `app.kubernetes.io/name`, `app`, `backstage.io/kubernetes-id`. For
 * `restart_pod` the executor then picks one of its pods. `delete_pod`,
 * `delete_pvc` and the node actions have no entity default (their targets
 * come with the proposal).
 */
export function kubernetesTargetFor(
  action: string,
  entity: Entity,
): string | undefined {
  if (!DEPLOYMENT_ACTIONS.has(action)) return undefined;
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[ANNOTATION_KUBERNETES_ID]?.trim();
  if (!id || !isKubernetesName(id)) return undefined;
  const namespace =
    annotations[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() || 'default';
  if (!isNamespaceName(namespace)) return undefined;
  const cluster =
    annotations[ANNOTATION_KUBERNETES_CLUSTER]?.trim() || undefined;
  return formatTarget({ cluster, kind: 'deployment', namespace, name: id });
}

import type { KubeObject } from '@awoooi/plugin-awoooi-node';
import type { ScanEntity } from '../catalog/scanEntities';

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

const labelOf = (object: KubeObject, key: string) =>
  object.metadata.labels?.[key];

/**
 * Catalog entities by `backstage.io/kubernetes-id`: the label on a
 * Kubernetes object names its entity (narrowed by the entity's
 * `backstage.io/kubernetes-namespace` when it has one).
 */
export class KubeEntityIndex {
  private readonly byId = new Map<string, ScanEntity[]>();

  constructor(entities: ScanEntity[]) {
    for (const entity of entities) {
      const id = entity.annotations[KUBERNETES_ID_ANNOTATION];
      if (!id) continue;
      this.byId.set(id, [...(this.byId.get(id) ?? []), entity]);
    }
  }

  /** The entity an object belongs to (the first by ref when several claim it). */
  entityFor(object: KubeObject): ScanEntity | undefined {
    const id = labelOf(object, KUBERNETES_ID_ANNOTATION);
    if (!id) return undefined;
    const candidates = (this.byId.get(id) ?? []).filter(e => {
      const ns = e.annotations[KUBERNETES_NAMESPACE_ANNOTATION];
      return !ns || ns === object.metadata.namespace;
    });
    return candidates.sort((a, b) => (a.entityRef < b.entityRef ? -1 : 1))[0];
  }
}

/** Does an object carry this entity's kubernetes-id (in its namespace, if set)? */
export function belongsTo(object: KubeObject, entity: ScanEntity): boolean {
  const id = entity.annotations[KUBERNETES_ID_ANNOTATION];
  if (!id || labelOf(object, KUBERNETES_ID_ANNOTATION) !== id) return false;
  const ns = entity.annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  return !ns || ns === object.metadata.namespace;
}

function podSpec(workload: KubeObject): any {
  return workload.spec?.template?.spec ?? {};
}

/** Secrets a workload's pods use: volumes, env, envFrom and image pull secrets. */
export function referencedSecrets(workload: KubeObject): string[] {
  const spec = podSpec(workload);
  const names = new Set<string>();
  for (const v of spec.volumes ?? []) {
    if (v.secret?.secretName) names.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? [])
      if (s.secret?.name) names.add(s.secret.name);
  }
  for (const c of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
  ]) {
    for (const e of c.env ?? [])
      if (e.valueFrom?.secretKeyRef?.name)
        names.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? [])
      if (e.secretRef?.name) names.add(e.secretRef.name);
  }
  for (const p of spec.imagePullSecrets ?? []) if (p.name) names.add(p.name);
  return [...names];
}

/** Whether a claim is a workload's: mounted by its pods or made from its claim templates. */
export function usesClaim(workload: KubeObject, claim: KubeObject): boolean {
  if (workload.metadata.namespace !== claim.metadata.namespace) return false;
  const mounted = (podSpec(workload).volumes ?? []).some(
    (v: any) => v.persistentVolumeClaim?.claimName === claim.metadata.name,
  );
  if (mounted) return true;
  // StatefulSet claims are named <template>-<statefulset>-<ordinal>.
  return (workload.spec?.volumeClaimTemplates ?? []).some((t: any) =>
    new RegExp(
      `^${escape(t.metadata?.name ?? '')}-${escape(
        workload.metadata.name,
      )}-\\d+$`,
    ).test(claim.metadata.name),
  );
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Service-account tokens and Helm release records are not secrets anyone rotates. */
export function isRotatableSecret(secret: KubeObject): boolean {
  const type = (secret as { type?: string }).type ?? 'Opaque';
  return (
    type !== 'kubernetes.io/service-account-token' &&
    !type.startsWith('helm.sh/')
  );
}

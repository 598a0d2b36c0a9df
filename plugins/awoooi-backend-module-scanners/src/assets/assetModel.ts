import type { ComplianceDimension } from '@awoooi/plugin-awoooi-common';
import type { KubeKind, KubeObject } from '@awoooi/plugin-awoooi-node';
import type { ScanEntity } from '../catalog/scanEntities';
import type { KubeEntityIndex } from '../kube/kubeLinks';
import { KubeSnapshot, objectsOf } from '../kube/kubeSnapshot';

export type AssetSource = 'catalog' | 'kubernetes';

/** For each compliance dimension, the sources that make it known (empty: unknown). */
export type Coverage = Partial<Record<ComplianceDimension, string[]>>;

/** One row of `asset_inventory`. */
export interface Asset {
  /** Catalog: the entity ref. Kubernetes: `k8s:<cluster>:<kind>/<namespace>/<name>`. */
  id: string;
  source: AssetSource;
  /** `catalog` or `kubernetes:<cluster>`: the discovery source that reports it. */
  origin: string;
  kind: string;
  name: string;
  namespace: string | null;
  cluster: string | null;
  /** The catalog entity it is, or belongs to. */
  entityRef: string | null;
  ownerRef: string | null;
  attributes: Record<string, unknown>;
  /** Empty for assets that are not compliance subjects (secrets, volumes, nodes, mapped workloads). */
  coverage: Coverage;
}

export const WORKLOAD_KINDS: KubeKind[] = ['deployments', 'statefulsets'];
export const ASSET_KUBE_KINDS: KubeKind[] = [
  ...WORKLOAD_KINDS,
  'nodes',
  'persistentvolumeclaims',
  'secrets',
];

const KIND_NAMES: Partial<Record<KubeKind, string>> = {
  deployments: 'deployment',
  statefulsets: 'statefulset',
  nodes: 'node',
  persistentvolumeclaims: 'persistentvolumeclaim',
  secrets: 'secret',
};

export const kubeOrigin = (cluster: string) => `kubernetes:${cluster}`;

export function kubeAssetId(cluster: string, kind: string, object: KubeObject) {
  const ns = object.metadata.namespace;
  return `k8s:${cluster}:${kind}/${ns ? `${ns}/` : ''}${object.metadata.name}`;
}

/** Annotations the scanners act on; the rest of an entity's annotations stay in the catalog. */
export function relevantAnnotations(annotations: Record<string, string> = {}) {
  return Object.fromEntries(
    Object.entries(annotations)
      .filter(
        ([k]) =>
          k.startsWith('awoooi.io/') || k.startsWith('backstage.io/kubernetes'),
      )
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

export function catalogAsset(entity: ScanEntity): Asset {
  return {
    id: entity.entityRef,
    source: 'catalog',
    origin: 'catalog',
    kind: entity.kind.toLocaleLowerCase('en-US'),
    name: entity.name,
    namespace: entity.namespace,
    cluster: null,
    entityRef: entity.entityRef,
    ownerRef: entity.ownerRef,
    attributes: {
      ...(entity.title ? { title: entity.title } : {}),
      ...(entity.type ? { type: entity.type } : {}),
      ...(entity.lifecycle ? { lifecycle: entity.lifecycle } : {}),
      ...(entity.system ? { system: entity.system } : {}),
      annotations: relevantAnnotations(entity.annotations),
    },
    coverage: {},
  };
}

function kubeAttributes(
  kind: KubeKind,
  o: KubeObject,
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    createdAt: o.metadata.creationTimestamp ?? null,
    labels: o.metadata.labels ?? {},
    annotations: relevantAnnotations(o.metadata.annotations),
  };
  switch (kind) {
    case 'deployments':
    case 'statefulsets':
      return { ...base, replicas: o.spec?.replicas ?? null };
    case 'nodes':
      return {
        ...base,
        instanceType:
          o.metadata.labels?.['node.kubernetes.io/instance-type'] ?? null,
        allocatable: o.status?.allocatable ?? {},
      };
    case 'persistentvolumeclaims':
      return {
        ...base,
        storageClass: o.spec?.storageClassName ?? null,
        size: o.spec?.resources?.requests?.storage ?? null,
        phase: o.status?.phase ?? null,
      };
    case 'secrets':
      // Metadata only: secret values are never read into the inventory.
      return { ...base, type: (o as { type?: string }).type ?? 'Opaque' };
    default:
      return base;
  }
}

/** Workloads, nodes, claims and secrets of one cluster, tied to entities by kubernetes-id. */
export function kubeAssets(
  snapshot: KubeSnapshot,
  index: KubeEntityIndex,
): Asset[] {
  const out: Asset[] = [];
  for (const kind of ASSET_KUBE_KINDS) {
    const kindName = KIND_NAMES[kind]!;
    for (const object of objectsOf(snapshot, kind)) {
      const entity = kind === 'nodes' ? undefined : index.entityFor(object);
      out.push({
        id: kubeAssetId(snapshot.cluster, kindName, object),
        source: 'kubernetes',
        origin: kubeOrigin(snapshot.cluster),
        kind: kindName,
        name: object.metadata.name,
        namespace: object.metadata.namespace ?? null,
        cluster: snapshot.cluster,
        entityRef: entity?.entityRef ?? null,
        ownerRef: entity?.ownerRef ?? null,
        attributes: kubeAttributes(kind, object),
        coverage: {},
      });
    }
  }
  return out;
}

/** Compliance covers catalog assets, and workloads no catalog entity claims. */
export function isComplianceSubject(asset: Asset): boolean {
  return (
    asset.source === 'catalog' ||
    (['deployment', 'statefulset'].includes(asset.kind) && !asset.entityRef)
  );
}

/** How the simulator serves one kind: its REST coordinates and shape. */
export interface ResourceType {
  kind: string;
  listKind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Subresources served besides the object itself. */
  subresources: Array<'status' | 'scale' | 'eviction'>;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    kind: 'Namespace',
    listKind: 'NamespaceList',
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
  },
  {
    kind: 'Node',
    listKind: 'NodeList',
    group: '',
    version: 'v1',
    plural: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
  },
  {
    kind: 'Pod',
    listKind: 'PodList',
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: ['status', 'eviction'],
  },
  {
    kind: 'PersistentVolumeClaim',
    listKind: 'PersistentVolumeClaimList',
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: ['status'],
  },
  {
    kind: 'Secret',
    listKind: 'SecretList',
    group: '',
    version: 'v1',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    subresources: [],
  },
  {
    kind: 'Deployment',
    listKind: 'DeploymentList',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    subresources: ['status', 'scale'],
  },
  {
    kind: 'ReplicaSet',
    listKind: 'ReplicaSetList',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    subresources: ['status'],
  },
  {
    kind: 'StorageClass',
    listKind: 'StorageClassList',
    group: 'storage.k8s.io',
    version: 'v1',
    plural: 'storageclasses',
    singular: 'storageclass',
    namespaced: false,
    shortNames: ['sc'],
    subresources: [],
  },
  {
    kind: 'PodDisruptionBudget',
    listKind: 'PodDisruptionBudgetList',
    group: 'policy',
    version: 'v1',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  },
];

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Finds a type by kind, plural, singular or short name (case-insensitive). */
export function resourceType(kindOrPlural: string): ResourceType {
  const wanted = kindOrPlural.toLocaleLowerCase('en-US');
  const found = RESOURCE_TYPES.find(
    t =>
      t.kind.toLocaleLowerCase('en-US') === wanted ||
      t.plural === wanted ||
      t.singular === wanted ||
      t.shortNames?.includes(wanted),
  );
  if (!found) {
    throw new Error(`kube-test-server does not serve kind '${kindOrPlural}'`);
  }
  return found;
}

/** The type served at a group/version/plural, if any. */
export function resourceTypeAt(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.plural === plural,
  );
}

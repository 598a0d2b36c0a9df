import type {
  AwoooiClusterSource,
  KubeKind,
  KubeObject,
} from '@awoooi/plugin-awoooi-node';
import type { KubernetesClusters } from './clusters/KubernetesClusters';
import { describeKubeError, isNotFound } from './kubeErrors';

/**
 * One configured cluster as a read-only source of the AWOOOI scanners
 * (assets, compliance, FinOps). Objects come back in the API's JSON shape
 * (timestamps as strings); secrets never carry their data.
 */
export class KubernetesClusterSource implements AwoooiClusterSource {
  constructor(
    private readonly clusters: KubernetesClusters,
    readonly name: string,
  ) {}

  async list(kind: KubeKind, namespace?: string): Promise<KubeObject[]> {
    let items: unknown[];
    try {
      items = await this.fetch(kind, namespace);
    } catch (error) {
      // A kind the API server does not serve has no objects.
      if (isNotFound(error)) return [];
      throw new Error(
        `Kubernetes cluster '${this.name}': listing ${kind}${
          namespace ? ` in ${namespace}` : ''
        } failed: ${describeKubeError(error)}`,
      );
    }
    // client-node's models hold Date objects; scanners read the wire form.
    return JSON.parse(JSON.stringify(items)) as KubeObject[];
  }

  private async fetch(kind: KubeKind, namespace?: string): Promise<unknown[]> {
    const cluster = this.name;
    const query = { cluster, namespace };
    switch (kind) {
      case 'pods':
        return this.clusters.listPods(query);
      case 'deployments':
        return this.clusters.listDeployments(query);
      case 'persistentvolumeclaims':
        return this.clusters.listPersistentVolumeClaims(query);
      case 'secrets':
        return this.clusters.listSecrets(query);
      case 'nodes':
        return this.clusters.listNodes({ cluster });
      case 'storageclasses':
        return this.clusters.listStorageClasses({ cluster });
      case 'namespaces': {
        const { core } = await this.clusters.apis(cluster);
        return (await core.listNamespace()).items;
      }
      case 'statefulsets': {
        const { apps } = await this.clusters.apis(cluster);
        const list = namespace
          ? await apps.listNamespacedStatefulSet({ namespace })
          : await apps.listStatefulSetForAllNamespaces();
        return list.items;
      }
      default:
        throw new Error(`unsupported kind '${kind as string}'`);
    }
  }
}

/** A scanner source for each configured cluster. */
export function kubernetesClusterSources(
  clusters: KubernetesClusters,
): KubernetesClusterSource[] {
  return clusters.names.map(
    name => new KubernetesClusterSource(clusters, name),
  );
}

import type { Config } from '@backstage/config';
import type {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  PolicyV1Api,
  StorageV1Api,
  V1Deployment,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1Secret,
  V1StorageClass,
} from '@kubernetes/client-node';
import { ClientNodeModule, loadClientNode } from './clientNode';
import {
  KubernetesClusterConfig,
  readClusterConfigs,
  validateClusterConfig,
} from './readClusterConfigs';

/** Typed API clients of one cluster. */
export interface KubernetesApis {
  cluster: string;
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  policy: PolicyV1Api;
  storage: StorageV1Api;
  authorization: AuthorizationV1Api;
  /** The client-node module, for helpers such as `setHeaderOptions`. */
  client: ClientNodeModule;
}

export interface KubernetesClustersOptions {
  /**
   * The `@kubernetes/client-node` module. By default it is loaded with
   * `import()` on first use; tests pass it in because Jest's CommonJS
   * runtime cannot run `import()` of an ES module.
   */
  clientModule?: ClientNodeModule;
}

/** Which cluster (default: the first configured) and, where it applies, namespace. */
export interface ClusterQuery {
  cluster?: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

function buildKubeConfig(
  client: ClientNodeModule,
  cluster: KubernetesClusterConfig,
): KubeConfig {
  const kc = new client.KubeConfig();
  if (cluster.kubeconfigPath) {
    kc.loadFromFile(cluster.kubeconfigPath);
    if (cluster.context) {
      if (!kc.getContextObject(cluster.context)) {
        throw new Error(
          `cluster '${cluster.name}': context '${cluster.context}' is not in ${cluster.kubeconfigPath}`,
        );
      }
      kc.setCurrentContext(cluster.context);
    }
  } else if (cluster.inCluster) {
    kc.loadFromCluster();
  } else {
    const user = `${cluster.name}-user`;
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url!,
          skipTLSVerify: Boolean(cluster.skipTLSVerify),
          caData: cluster.caData,
        },
      ],
      users: [{ name: user, token: cluster.token }],
      contexts: [{ name: cluster.name, cluster: cluster.name, user }],
      currentContext: cluster.name,
    });
  }
  return kc;
}

/**
 * The configured Kubernetes clusters and read helpers over them, for the
 * executor, the health provider and scanners. The first cluster is the
 * default wherever a cluster is not named.
 */
export class KubernetesClusters {
  private readonly configs: KubernetesClusterConfig[];
  private readonly apiCache = new Map<string, Promise<KubernetesApis>>();
  private clientModule: Promise<ClientNodeModule> | undefined;

  static fromConfig(
    config: Config,
    options: KubernetesClustersOptions = {},
  ): KubernetesClusters {
    return new KubernetesClusters(readClusterConfigs(config), options);
  }

  constructor(
    clusters: KubernetesClusterConfig[],
    options: KubernetesClustersOptions = {},
  ) {
    clusters.forEach(validateClusterConfig);
    this.configs = clusters.map(c => ({ ...c }));
    if (options.clientModule) {
      this.clientModule = Promise.resolve(options.clientModule);
    }
  }

  /** Cluster names in configuration order. */
  get names(): string[] {
    return this.configs.map(c => c.name);
  }

  get defaultCluster(): string | undefined {
    return this.configs[0]?.name;
  }

  has(name: string): boolean {
    return this.configs.some(c => c.name === name);
  }

  /** API clients of a cluster (default: the first), built once. */
  apis(cluster?: string): Promise<KubernetesApis> {
    const name = cluster ?? this.defaultCluster;
    const config = this.configs.find(c => c.name === name);
    if (!config) {
      return Promise.reject(
        new Error(
          name
            ? `unknown Kubernetes cluster '${name}' (configured: ${
                this.names.join(', ') || 'none'
              })`
            : 'no Kubernetes cluster is configured (awoooi.kubernetes.clusters)',
        ),
      );
    }
    let apis = this.apiCache.get(config.name);
    if (!apis) {
      apis = this.build(config);
      this.apiCache.set(config.name, apis);
      // A failed build (bad kubeconfig path) is retried on the next call.
      apis.catch(() => this.apiCache.delete(config.name));
    }
    return apis;
  }

  async listPods(query: ClusterQuery = {}): Promise<V1Pod[]> {
    const { core } = await this.apis(query.cluster);
    const { labelSelector, fieldSelector } = query;
    const list = query.namespace
      ? await core.listNamespacedPod({
          namespace: query.namespace,
          labelSelector,
          fieldSelector,
        })
      : await core.listPodForAllNamespaces({ labelSelector, fieldSelector });
    return list.items;
  }

  async listDeployments(query: ClusterQuery = {}): Promise<V1Deployment[]> {
    const { apps } = await this.apis(query.cluster);
    const { labelSelector, fieldSelector } = query;
    const list = query.namespace
      ? await apps.listNamespacedDeployment({
          namespace: query.namespace,
          labelSelector,
          fieldSelector,
        })
      : await apps.listDeploymentForAllNamespaces({
          labelSelector,
          fieldSelector,
        });
    return list.items;
  }

  async listPersistentVolumeClaims(
    query: ClusterQuery = {},
  ): Promise<V1PersistentVolumeClaim[]> {
    const { core } = await this.apis(query.cluster);
    const { labelSelector, fieldSelector } = query;
    const list = query.namespace
      ? await core.listNamespacedPersistentVolumeClaim({
          namespace: query.namespace,
          labelSelector,
          fieldSelector,
        })
      : await core.listPersistentVolumeClaimForAllNamespaces({
          labelSelector,
          fieldSelector,
        });
    return list.items;
  }

  async listNodes(
    query: Omit<ClusterQuery, 'namespace'> = {},
  ): Promise<V1Node[]> {
    const { core } = await this.apis(query.cluster);
    const list = await core.listNode({
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    return list.items;
  }

  /**
   * Secrets with their values dropped: callers get metadata and type (age,
   * labels, owner) and never the secret data itself.
   */
  async listSecrets(query: ClusterQuery = {}): Promise<V1Secret[]> {
    const { core } = await this.apis(query.cluster);
    const { labelSelector, fieldSelector } = query;
    const list = query.namespace
      ? await core.listNamespacedSecret({
          namespace: query.namespace,
          labelSelector,
          fieldSelector,
        })
      : await core.listSecretForAllNamespaces({ labelSelector, fieldSelector });
    return list.items.map(
      ({ data: _data, stringData: _stringData, ...rest }) => rest,
    );
  }

  async listStorageClasses(
    query: Omit<ClusterQuery, 'namespace'> = {},
  ): Promise<V1StorageClass[]> {
    const { storage } = await this.apis(query.cluster);
    const list = await storage.listStorageClass({
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    return list.items;
  }

  async listPodDisruptionBudgets(
    query: ClusterQuery = {},
  ): Promise<V1PodDisruptionBudget[]> {
    const { policy } = await this.apis(query.cluster);
    const { labelSelector, fieldSelector } = query;
    const list = query.namespace
      ? await policy.listNamespacedPodDisruptionBudget({
          namespace: query.namespace,
          labelSelector,
          fieldSelector,
        })
      : await policy.listPodDisruptionBudgetForAllNamespaces({
          labelSelector,
          fieldSelector,
        });
    return list.items;
  }

  private async build(
    config: KubernetesClusterConfig,
  ): Promise<KubernetesApis> {
    if (!this.clientModule) this.clientModule = loadClientNode();
    const client = await this.clientModule;
    const kubeConfig = buildKubeConfig(client, config);
    return {
      cluster: config.name,
      kubeConfig,
      core: kubeConfig.makeApiClient(client.CoreV1Api),
      apps: kubeConfig.makeApiClient(client.AppsV1Api),
      policy: kubeConfig.makeApiClient(client.PolicyV1Api),
      storage: kubeConfig.makeApiClient(client.StorageV1Api),
      authorization: kubeConfig.makeApiClient(client.AuthorizationV1Api),
      client,
    };
  }
}

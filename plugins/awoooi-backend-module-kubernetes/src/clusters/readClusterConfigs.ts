import type { Config } from '@backstage/config';

/** One cluster under `awoooi.kubernetes.clusters`. */
export interface KubernetesClusterConfig {
  /** Unique; the prefix of targets that name it (`<name>:deployment/…`). */
  name: string;
  /** API server URL, used with `token` (`http:` needs `skipTLSVerify`). */
  url?: string;
  token?: string;
  /** A kubeconfig file, with an optional `context` in it. */
  kubeconfigPath?: string;
  context?: string;
  /** Use the pod's service account (in-cluster config). */
  inCluster?: boolean;
  skipTLSVerify?: boolean;
  /** Base64 PEM of the API server's CA. */
  caData?: string;
}

const CLUSTER_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** Reads and checks `awoooi.kubernetes.clusters`; the first is the default. */
export function readClusterConfigs(config: Config): KubernetesClusterConfig[] {
  const entries =
    config.getOptionalConfigArray('awoooi.kubernetes.clusters') ?? [];
  const clusters = entries.map(entry => {
    const cluster: KubernetesClusterConfig = {
      name: entry.getString('name'),
      url: entry.getOptionalString('url'),
      token: entry.getOptionalString('token'),
      kubeconfigPath: entry.getOptionalString('kubeconfigPath'),
      context: entry.getOptionalString('context'),
      inCluster: entry.getOptionalBoolean('inCluster'),
      skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
      caData: entry.getOptionalString('caData'),
    };
    validateClusterConfig(cluster);
    return cluster;
  });
  const seen = new Set<string>();
  for (const { name } of clusters) {
    if (seen.has(name)) {
      throw new Error(
        `awoooi.kubernetes.clusters: duplicate cluster name '${name}'`,
      );
    }
    seen.add(name);
  }
  return clusters;
}

/** Throws when a cluster entry cannot be turned into a connection. */
export function validateClusterConfig(cluster: KubernetesClusterConfig) {
  const where = `awoooi.kubernetes.clusters '${cluster.name}'`;
  if (!CLUSTER_NAME.test(cluster.name)) {
    throw new Error(
      `${where}: a cluster name is letters, digits, '.', '_' or '-' (it prefixes targets as '<name>:')`,
    );
  }
  const sources = [
    cluster.url ? 'url' : undefined,
    cluster.kubeconfigPath ? 'kubeconfigPath' : undefined,
    cluster.inCluster ? 'inCluster' : undefined,
  ].filter(Boolean);
  if (sources.length !== 1) {
    throw new Error(
      `${where}: set exactly one of url, kubeconfigPath or inCluster (found ${
        sources.join(', ') || 'none'
      })`,
    );
  }
  if (cluster.url && !/^https?:\/\//.test(cluster.url)) {
    throw new Error(`${where}: url must start with http:// or https://`);
  }
  if (cluster.url?.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new Error(
      `${where}: a plain http:// url needs skipTLSVerify: true (the Kubernetes client refuses it otherwise)`,
    );
  }
}

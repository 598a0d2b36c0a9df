import {
  KubeTestServer,
  KubeTestServerOptions,
  startKubeTestServer,
} from '@internal/kube-test-server';
// The Kubernetes module's real client path: client-node through its
// KubernetesClusters helper and the scanners' cluster source.
import {
  KubernetesClusters,
  KubernetesClusterSource,
} from '@awoooi/plugin-awoooi-backend-module-kubernetes';
// Passed in explicitly, as the module's own tests do.
import * as k8s from '@kubernetes/client-node';

export interface TestCluster {
  server: KubeTestServer;
  source: KubernetesClusterSource;
}

/** The demo cluster on a loopback Kubernetes API, read through @kubernetes/client-node. */
export async function startTestCluster(
  name = 'demo',
  options: KubeTestServerOptions = {},
): Promise<TestCluster> {
  const server = await startKubeTestServer({
    seed: 'demo',
    randomSeed: 7,
    ...options,
  });
  return { server, source: clusterSource(name, server.url, server.token) };
}

/** A cluster source for any URL, e.g. one nothing listens on. */
export function clusterSource(name: string, url: string, token = 'unused') {
  const clusters = new KubernetesClusters(
    [{ name, url, token, skipTLSVerify: true }],
    { clientModule: k8s },
  );
  return new KubernetesClusterSource(clusters, name);
}

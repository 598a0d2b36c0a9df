import { mockServices } from '@backstage/backend-test-utils';
import {
  KubeTestServer,
  KubeTestServerOptions,
  startKubeTestServer,
} from '@internal/kube-test-server';
import type { ActionRequest } from '@awoooi/plugin-awoooi-node';
import * as k8s from '@kubernetes/client-node';
import { KubernetesClusters } from '../clusters/KubernetesClusters';
import { KubernetesActionExecutor } from '../KubernetesActionExecutor';

export const FIXED_NOW = new Date('2026-11-24T08:30:00.000Z');

export interface TestCluster {
  server: KubeTestServer;
  clusters: KubernetesClusters;
  executor: KubernetesActionExecutor;
}

/** The demo cluster behind a kube-test-server, and an executor wired to it. */
export async function startDemoCluster(
  options: KubeTestServerOptions = {},
): Promise<TestCluster> {
  const server = await startKubeTestServer({
    seed: 'demo',
    randomSeed: 11,
    ...options,
  });
  const clusters = new KubernetesClusters(
    [
      {
        name: 'demo',
        url: server.url,
        token: server.token,
        skipTLSVerify: true,
      },
    ],
    { clientModule: k8s },
  );
  const executor = new KubernetesActionExecutor({
    clusters,
    now: () => FIXED_NOW,
  });
  return { server, clusters, executor };
}

export const executorContext = () => ({ logger: mockServices.logger.mock() });

export function request(
  action: string,
  target: string,
  params: Record<string, unknown> = {},
): ActionRequest {
  return { action, target, params, entityRef: 'component:default/test' };
}

/** Outcome per check name, for compact assertions. */
export function outcomes(checks: Array<{ name: string; outcome: string }>) {
  return Object.fromEntries(checks.map(c => [c.name, c.outcome]));
}

export function detailOf(
  checks: Array<{ name: string; detail: string }>,
  name: string,
) {
  return checks.find(c => c.name === name)?.detail ?? '';
}

/** Puts a pod into CrashLoopBackOff, as a kubelet would report it. */
export function crashLoop(
  server: KubeTestServer,
  namespace: string,
  pod: string,
  restarts = 5,
) {
  const current = server.store.read('Pod', namespace, pod);
  const container = current.spec.containers[0].name;
  server.store.patch('Pod', namespace, pod, {
    status: {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: container,
          image: current.spec.containers[0].image,
          imageID: '',
          ready: false,
          started: false,
          restartCount: restarts,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: 'back-off restarting failed container',
            },
          },
        },
      ],
    },
  });
}

export function podNames(
  server: KubeTestServer,
  namespace: string,
  app: string,
) {
  return server.store
    .list('Pod', namespace, { labelSelector: `app=${app}` })
    .map(p => p.metadata.name);
}

export { k8s };

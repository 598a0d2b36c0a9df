import { mockServices } from '@backstage/backend-test-utils';
import {
  crashLoop,
  k8s,
  podNames,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';
import { KubernetesClusters } from '../clusters/KubernetesClusters';
import {
  KubernetesHealthProvider,
  kubernetesHealthKey,
  parseKubernetesHealthKey,
} from './KubernetesHealthProvider';

describe('KubernetesHealthProvider', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('reports nothing for the healthy demo cluster', async () => {
    const provider = new KubernetesHealthProvider({ clusters: t.clusters });
    expect((await provider.unhealthyEntities()).size).toBe(0);
  });

  it('reports a crash-looping workload by kubernetes-id with evidence', async () => {
    const [pod] = podNames(t.server, 'shop', 'order-api');
    crashLoop(t.server, 'shop', pod, 7);
    const provider = new KubernetesHealthProvider({ clusters: t.clusters });
    const report = await provider.unhealthyEntities();
    expect([...report.keys()]).toEqual(['kubernetes-id:shop/order-api']);
    expect(report.get('kubernetes-id:shop/order-api')).toEqual([
      'deployment shop/order-api: 1/2 replicas ready',
      `pod shop/${pod}: container order-api CrashLoopBackOff (7 restarts)`,
    ]);
  });

  it('resolves workloads to entity refs with the given function', async () => {
    const [pod] = podNames(t.server, 'data', 'postgres-db');
    crashLoop(t.server, 'data', pod);
    const provider = new KubernetesHealthProvider({
      clusters: t.clusters,
      resolveEntityRefs: w =>
        w.kubernetesId === 'postgres-db'
          ? ['resource:default/postgres-db']
          : [],
    });
    const report = await provider.unhealthyEntities();
    expect([...report.keys()]).toEqual(['resource:default/postgres-db']);
  });

  it('reuses a report within its time to live', async () => {
    let now = 1_000;
    const provider = new KubernetesHealthProvider({
      clusters: t.clusters,
      cacheTtlMs: 10_000,
      now: () => now,
    });
    expect((await provider.unhealthyEntities()).size).toBe(0);
    crashLoop(t.server, 'shop', podNames(t.server, 'shop', 'frontend')[0]);
    now += 5_000;
    expect((await provider.unhealthyEntities()).size).toBe(0);
    now += 5_000;
    expect((await provider.unhealthyEntities()).size).toBe(1);
  });

  it('skips a cluster it cannot read and logs why', async () => {
    const logger = mockServices.logger.mock();
    const clusters = new KubernetesClusters(
      [
        {
          name: 'demo',
          url: t.server.url,
          token: t.server.token,
          skipTLSVerify: true,
        },
        {
          name: 'gone',
          url: 'http://127.0.0.1:1',
          token: 'x',
          skipTLSVerify: true,
        },
      ],
      { clientModule: k8s },
    );
    crashLoop(t.server, 'shop', podNames(t.server, 'shop', 'frontend')[0]);
    const provider = new KubernetesHealthProvider({ clusters, logger });
    const report = await provider.unhealthyEntities();
    expect(report.get('kubernetes-id:shop/frontend')?.[0]).toMatch(
      /^\[demo\] /,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('cluster gone could not be read'),
    );
  });
});

describe('kubernetesHealthKey', () => {
  it('round-trips and ignores entity refs', () => {
    expect(
      parseKubernetesHealthKey(kubernetesHealthKey('shop', 'order-api')),
    ).toEqual({
      namespace: 'shop',
      kubernetesId: 'order-api',
    });
    expect(
      parseKubernetesHealthKey('component:default/order-api'),
    ).toBeUndefined();
  });
});

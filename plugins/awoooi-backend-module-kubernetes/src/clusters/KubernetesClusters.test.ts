import { ConfigReader } from '@backstage/config';
import { writeKubeConfig } from '@internal/kube-test-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8s, startDemoCluster, TestCluster } from '../__testUtils__/cluster';
import { KubernetesClusters } from './KubernetesClusters';
import { readClusterConfigs } from './readClusterConfigs';

describe('KubernetesClusters', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('lists pods, claims, nodes, storage classes and budgets of the default cluster', async () => {
    const { clusters } = t;
    expect(clusters.defaultCluster).toBe('demo');
    expect(await clusters.listPods()).toHaveLength(20);
    expect(
      await clusters.listPods({
        namespace: 'shop',
        labelSelector: 'app=frontend',
      }),
    ).toHaveLength(3);
    expect(
      (await clusters.listPersistentVolumeClaims({ namespace: 'data' })).map(
        c => c.metadata?.name,
      ),
    ).toContain('old-reports-data');
    expect((await clusters.listNodes()).map(n => n.metadata?.name)).toEqual([
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    const classes = await clusters.listStorageClasses();
    expect(
      classes.find(c => c.parameters?.encrypted === 'true')?.metadata?.name,
    ).toBe('encrypted-gp3');
    expect(
      await clusters.listPodDisruptionBudgets({ namespace: 'data' }),
    ).toHaveLength(1);
    expect(await clusters.listDeployments({ namespace: 'data' })).toHaveLength(
      5,
    );
  });

  it('lists secrets without their values', async () => {
    const secrets = await t.clusters.listSecrets();
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(secret.data).toBeUndefined();
      expect(secret.metadata?.creationTimestamp).toBeInstanceOf(Date);
    }
  });

  it('rejects an unknown cluster', async () => {
    await expect(t.clusters.listNodes({ cluster: 'nope' })).rejects.toThrow(
      "unknown Kubernetes cluster 'nope' (configured: demo)",
    );
  });

  it('connects through a kubeconfig file and its context', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'awoooi-kube-'));
    try {
      const path = await writeKubeConfig(join(dir, 'config'), {
        url: t.server.url,
        token: t.server.token,
        name: 'sim',
      });
      const clusters = new KubernetesClusters(
        [{ name: 'file', kubeconfigPath: path, context: 'sim' }],
        { clientModule: k8s },
      );
      expect(await clusters.listNodes()).toHaveLength(3);
      const wrong = new KubernetesClusters(
        [{ name: 'file', kubeconfigPath: path, context: 'missing' }],
        { clientModule: k8s },
      );
      await expect(wrong.listNodes()).rejects.toThrow(
        "context 'missing' is not in",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

describe('readClusterConfigs', () => {
  const read = (clusters: JsonObject[]) =>
    readClusterConfigs(
      new ConfigReader({ awoooi: { kubernetes: { clusters } } }),
    );

  it('reads clusters in order', () => {
    expect(
      read([
        {
          name: 'prod',
          url: 'https://k8s.example:6443',
          token: 't',
          caData: 'Y2E=',
        },
        { name: 'local', kubeconfigPath: '/tmp/kubeconfig', context: 'kind' },
        { name: 'self', inCluster: true },
      ]).map(c => c.name),
    ).toEqual(['prod', 'local', 'self']);
    expect(readClusterConfigs(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      [{ name: 'a' }],
      /exactly one of url, kubeconfigPath or inCluster \(found none\)/,
    ],
    [
      [{ name: 'a', url: 'https://x', inCluster: true }],
      /found url, inCluster/,
    ],
    [
      [{ name: 'a', url: 'http://x' }],
      /plain http:\/\/ url needs skipTLSVerify/,
    ],
    [[{ name: 'a:b', inCluster: true }], /a cluster name is letters/],
    [
      [
        { name: 'a', inCluster: true },
        { name: 'a', inCluster: true },
      ],
      /duplicate cluster name 'a'/,
    ],
  ])('rejects %j', (clusters, message) => {
    expect(() => read(clusters)).toThrow(message);
  });
});

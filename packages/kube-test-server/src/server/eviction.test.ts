import { apiError, k8s, kubeConfigFor } from '../__testUtils__/clientNode';
import { KubeTestServer, startKubeTestServer } from './startKubeTestServer';

describe('pods/eviction through @kubernetes/client-node', () => {
  let server: KubeTestServer;
  let core: k8s.CoreV1Api;

  beforeEach(async () => {
    server = await startKubeTestServer({ seed: 'demo', randomSeed: 7 });
    core = kubeConfigFor(server).makeApiClient(k8s.CoreV1Api);
  });
  afterEach(() => server.close());

  const podsOf = (namespace: string, app: string) =>
    server.store
      .list('Pod', namespace, { labelSelector: `app=${app}` })
      .map(p => p.metadata.name);

  const evict = (namespace: string, name: string) =>
    core.createNamespacedPodEviction({
      name,
      namespace,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace },
      },
    });

  it('evicts a pod no budget protects; its ReplicaSet replaces it', async () => {
    const [victim] = podsOf('shop', 'order-api');
    await evict('shop', victim);
    const after = podsOf('shop', 'order-api');
    expect(after).not.toContain(victim);
    expect(after).toHaveLength(2);
  });

  it('answers 429 with the budget when minAvailable allows no disruption', async () => {
    const [db] = podsOf('data', 'postgres-db');
    const error = await apiError(evict('data', db));
    expect(error.code).toBe(429);
    expect(error.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'TooManyRequests',
      message:
        "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message:
              'The disruption budget postgres-db-pdb needs 1 healthy pods and has 1 currently',
          },
        ],
      },
      code: 429,
    });
    expect(podsOf('data', 'postgres-db')).toEqual([db]);
  });

  it('lets one frontend pod go at a time while two stay healthy', async () => {
    // minAvailable 2 of 3: one disruption allowed, restored by the replacement.
    for (const pod of podsOf('shop', 'frontend')) await evict('shop', pod);
    expect(podsOf('shop', 'frontend')).toHaveLength(3);
    server.store.patch('Deployment', 'shop', 'frontend', {
      spec: { replicas: 2 },
    });
    const error = await apiError(evict('shop', podsOf('shop', 'frontend')[0]));
    expect(error.code).toBe(429);
  });

  it('needs create on pods/eviction, and honours dry-run', async () => {
    const [victim] = podsOf('shop', 'order-api');
    server.setRules([{ verbs: ['get', 'list', 'delete'], resources: ['*'] }]);
    expect((await apiError(evict('shop', victim))).code).toBe(403);
    server.setRules([{ verbs: ['create'], resources: ['pods/eviction'] }]);
    await core.createNamespacedPodEviction({
      name: victim,
      namespace: 'shop',
      body: { deleteOptions: { dryRun: ['All'] } },
    });
    expect(podsOf('shop', 'order-api')).toContain(victim);
  });
});

import { installControllers } from '../controllers';
import { KubeStore } from '../store/KubeStore';
import { DEMO_WORKLOADS, seedDemoCluster } from './demoCluster';

function seededStore() {
  const store = new KubeStore({
    now: () => new Date('2026-11-24T12:00:00Z'),
    randomSeed: 3,
  });
  installControllers(store);
  seedDemoCluster(store);
  return store;
}

describe('seedDemoCluster', () => {
  it('runs a Deployment, a ReplicaSet and ready pods per catalog workload', () => {
    const store = seededStore();
    for (const w of DEMO_WORKLOADS) {
      const deployment = store.get('Deployment', w.namespace, w.id)!;
      expect(deployment.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': w.id,
        'backstage.io/kubernetes-id': w.id,
      });
      expect(deployment.status).toMatchObject({
        replicas: w.replicas,
        readyReplicas: w.replicas,
      });
      const replicaSets = store.list('ReplicaSet', w.namespace, {
        labelSelector: `app=${w.id}`,
      });
      expect(replicaSets).toHaveLength(1);
      const pods = store.list('Pod', w.namespace, {
        labelSelector: `app=${w.id}`,
      });
      expect(pods).toHaveLength(w.replicas);
      expect(pods[0].spec.containers[0].resources.requests).toEqual({
        cpu: w.cpu,
        memory: w.memory,
      });
    }
    expect(
      store
        .list('Node')
        .map(n => n.metadata.labels?.['node.kubernetes.io/instance-type']),
    ).toEqual(['m5.xlarge', 'm5.xlarge', 'r5.2xlarge']);
  });

  it('leaves old-reports-data mounted by no pod, and mounts each database claim', () => {
    const store = seededStore();
    const mounted = new Set(
      store
        .list('Pod')
        .flatMap(p => p.spec.volumes ?? [])
        .map((v: any) => v.persistentVolumeClaim?.claimName)
        .filter(Boolean),
    );
    expect([...mounted].sort()).toEqual([
      'payments-db-data',
      'postgres-db-data',
    ]);
    expect(
      store.get('PersistentVolumeClaim', 'data', 'old-reports-data')?.status,
    ).toEqual(expect.objectContaining({ phase: 'Bound' }));
  });

  it('backdates secrets, one beyond 180 days', () => {
    const store = seededStore();
    const created = Object.fromEntries(
      store
        .list('Secret')
        .map(s => [s.metadata.name, s.metadata.creationTimestamp]),
    );
    expect(created['postgres-db-credentials']).toBe('2026-04-28T12:00:00Z');
    expect(created['payment-service-provider-key']).toBe(
      '2026-11-12T12:00:00Z',
    );
  });

  it('recomputes readiness and budgets when a pod starts crash-looping', () => {
    const store = seededStore();
    const [pod] = store.list('Pod', 'data', {
      labelSelector: 'app=postgres-db',
    });
    const versionBefore = Number(store.resourceVersion);
    store.patch('Pod', 'data', pod.metadata.name, {
      status: {
        conditions: [
          { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
        ],
        containerStatuses: [
          {
            name: 'postgres-db',
            ready: false,
            restartCount: 6,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      },
    });
    expect(Number(store.resourceVersion)).toBeGreaterThan(versionBefore);
    const deployment = store.get('Deployment', 'data', 'postgres-db')!;
    expect(deployment.status.readyReplicas).toBeUndefined();
    expect(deployment.status.unavailableReplicas).toBe(1);
    expect(
      store.get('PodDisruptionBudget', 'data', 'postgres-db-pdb')?.status,
    ).toMatchObject({
      currentHealthy: 0,
      disruptionsAllowed: 0,
    });
    // The crash-looping pod is kept as it is: nothing replaces it on its own.
    expect(
      store.get('Pod', 'data', pod.metadata.name)?.status.containerStatuses[0]
        .restartCount,
    ).toBe(6);
  });

  it('settles: a second read changes nothing and resourceVersion stays', () => {
    const store = seededStore();
    const version = store.resourceVersion;
    store.list('Pod');
    store.upsert(store.get('Namespace', undefined, 'shop')!);
    expect(store.resourceVersion).toBe(version);
  });
});

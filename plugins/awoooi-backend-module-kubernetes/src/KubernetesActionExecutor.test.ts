import type { Entity } from '@backstage/catalog-model';
import { startKubeTestServer } from '@internal/kube-test-server';
import {
  executorContext,
  k8s,
  outcomes,
  request,
  startDemoCluster,
  TestCluster,
} from './__testUtils__/cluster';
import { KubernetesClusters } from './clusters/KubernetesClusters';
import { KubernetesActionExecutor } from './KubernetesActionExecutor';

describe('KubernetesActionExecutor', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('lists its actions with their base risk and params schema', async () => {
    const actions = await t.executor.listActions();
    expect(actions.map(a => [a.name, a.baseRisk])).toEqual([
      ['restart_pod', 'MEDIUM'],
      ['rollout_restart', 'MEDIUM'],
      ['scale_deployment', 'MEDIUM'],
      ['delete_pod', 'MEDIUM'],
      ['delete_pvc', 'HIGH'],
      ['cordon_node', 'HIGH'],
      ['drain_node', 'HIGH'],
      ['uncordon_node', 'MEDIUM'],
    ]);
    const scale = actions.find(a => a.name === 'scale_deployment')!;
    expect(scale.paramsSchema.safeParse({ replicas: 3 }).success).toBe(true);
    expect(scale.paramsSchema.safeParse({ replicas: '3' }).success).toBe(false);
  });

  it.each([
    [
      'restart_pod',
      'deployment/shop',
      'expected deployment/<namespace>/<name>',
    ],
    [
      'restart_pod',
      'node/worker-1',
      "restart_pod takes a pod or deployment target, not 'node'",
    ],
    ['delete_pvc', 'pvc/Data/x', "'Data' is not a namespace name"],
    [
      'cordon_node',
      'other:node/worker-1',
      "unknown cluster 'other' (configured: demo)",
    ],
    ['drop_table', 'pod/shop/x', "unknown action 'drop_table'"],
    ['restart_pod', 'pod/shop/x', "Unrecognized key(s) in object: 'grace'"],
  ])('fails the params check of %s on %s', async (action, target, message) => {
    const params = target === 'pod/shop/x' ? { grace: 5 } : {};
    const result = await t.executor.dryRun(
      request(action, target, params),
      executorContext(),
    );
    expect(result.checks).toEqual([
      {
        name: 'params',
        outcome: 'fail',
        detail: expect.stringContaining(message),
      },
    ]);
    const outcome = await t.executor.execute(
      request(action, target, params),
      executorContext(),
    );
    expect(outcome.ok).toBe(false);
  });

  it('maps a catalog entity to its deployment target', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'order-api',
        annotations: {
          'backstage.io/kubernetes-id': 'order-api',
          'backstage.io/kubernetes-namespace': 'shop',
        },
      },
    };
    expect(t.executor.targetFor('restart_pod', entity)).toBe(
      'deployment/shop/order-api',
    );
    expect(t.executor.targetFor('scale_deployment', entity)).toBe(
      'deployment/shop/order-api',
    );
    expect(t.executor.targetFor('delete_pvc', entity)).toBeUndefined();
    entity.metadata.annotations!['awoooi.io/kubernetes-cluster'] = 'prod-eu';
    expect(t.executor.targetFor('rollout_restart', entity)).toBe(
      'prod-eu:deployment/shop/order-api',
    );
    expect(
      t.executor.targetFor('rollout_restart', {
        ...entity,
        metadata: { name: 'x' },
      }),
    ).toBeUndefined();
  });

  it('reports an unreachable cluster as failed checks, never as a throw', async () => {
    await t.server.close();
    const result = await t.executor.dryRun(
      request('restart_pod', 'deployment/shop/order-api'),
      executorContext(),
    );
    expect(outcomes(result.checks)).toMatchObject({
      params: 'pass',
      rbac: 'fail',
    });
    expect(result.checks.find(c => c.name === 'rbac')?.detail).toContain(
      'ECONNREFUSED',
    );
    const outcome = await t.executor.execute(
      request('restart_pod', 'deployment/shop/order-api'),
      executorContext(),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toContain('ECONNREFUSED');
  });

  it('sends a cluster-prefixed target to that cluster', async () => {
    const second = await startKubeTestServer({ seed: 'demo', randomSeed: 5 });
    try {
      const clusters = new KubernetesClusters(
        [
          {
            name: 'demo',
            url: t.server.url,
            token: t.server.token,
            skipTLSVerify: true,
          },
          {
            name: 'dr',
            url: second.url,
            token: second.token,
            skipTLSVerify: true,
          },
        ],
        { clientModule: k8s },
      );
      const executor = new KubernetesActionExecutor({ clusters });
      const outcome = await executor.execute(
        request('delete_pvc', 'dr:pvc/data/old-reports-data'),
        executorContext(),
      );
      expect(outcome.ok).toBe(true);
      expect(
        second.store.get('PersistentVolumeClaim', 'data', 'old-reports-data'),
      ).toBeUndefined();
      expect(
        t.server.store.get('PersistentVolumeClaim', 'data', 'old-reports-data'),
      ).toBeDefined();
    } finally {
      await second.close();
    }
  });

  it('cordons the node on the cluster and logs the execution', async () => {
    const node = () => t.server.store.get('Node', undefined, 'worker-3') as any;
    expect(node().spec?.unschedulable).toBeFalsy();
    const context = executorContext();
    const outcome = await t.executor.execute(
      request('cordon_node', 'node/worker-3'),
      context,
    );
    expect(outcome.ok).toBe(true);
    expect(node().spec.unschedulable).toBe(true);
    expect(
      (t.server.store.get('Node', undefined, 'worker-2') as any).spec
        ?.unschedulable,
    ).toBeFalsy();
    expect(context.logger.info).toHaveBeenCalledWith(
      'kubernetes cordon_node demo:node/worker-3: done - cordoned node worker-3',
    );
  });
});

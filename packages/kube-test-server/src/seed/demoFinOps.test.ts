import { containerMetrics } from '../metrics/containerMetrics';
import { startKubeTestServer } from '../server/startKubeTestServer';
import { DEMO_FINOPS_NODE } from './demoFinOps';
import { demoUsagePlans } from './demoUsage';

describe('the demo’s FinOps story', () => {
  it('keeps the big node for its tolerating workloads, with a bare pod and orphaned claims', async () => {
    const server = await startKubeTestServer({
      seed: 'demo',
      finopsStory: true,
      randomSeed: 5,
    });
    try {
      const { store } = server;
      const onBigNode = store
        .list('Pod', undefined, {
          fieldSelector: `spec.nodeName=${DEMO_FINOPS_NODE}`,
        })
        .map(p => `${p.metadata.namespace}/${p.metadata.labels?.app}`)
        .sort();
      expect(onBigNode).toEqual([
        'analytics/report-builder',
        'analytics/report-builder',
        'shop/legacy-api',
      ]);
      const legacy = store.read('Pod', 'shop', 'legacy-api-5d7b8');
      expect(legacy.metadata.ownerReferences).toBeUndefined();
      expect(legacy.status.phase).toBe('Running');
      for (const [ns, name] of [
        ['data', 'data-postgres-backup'],
        ['analytics', 'analytics-scratch'],
      ]) {
        expect(store.read('PersistentVolumeClaim', ns, name).status.phase).toBe(
          'Bound',
        );
      }
      // A new pod without the toleration never lands on the tainted node.
      store.patch('Deployment', 'shop', 'frontend', { spec: { replicas: 9 } });
      expect(
        store
          .list('Pod', 'shop', { labelSelector: 'app=frontend' })
          .map(p => p.spec.nodeName),
      ).not.toContain(DEMO_FINOPS_NODE);
    } finally {
      await server.close();
    }
  });

  it('writes a week of container use for every running pod as OpenMetrics', async () => {
    const server = await startKubeTestServer({
      seed: 'demo',
      finopsStory: true,
    });
    try {
      const plans = demoUsagePlans(server.store);
      const legacy = plans.find(p => p.pod === 'legacy-api-5d7b8')!;
      expect(legacy.cpuCores(0)).toBeLessThan(0.015);
      const text = containerMetrics(plans, new Date('2026-11-29T00:00:00Z'), 8);
      expect(text).toContain(
        'container_memory_working_set_bytes{container="legacy-api",namespace="shop",pod="legacy-api-5d7b8"}',
      );
      expect(text.trimEnd().endsWith('# EOF')).toBe(true);
    } finally {
      await server.close();
    }
  });
});

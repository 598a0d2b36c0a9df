import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { finOpsRecommendationId } from '@awoooi/plugin-awoooi-node';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { demoEntities } from '@internal/awoooi-test-utils';
import { containerMetrics, PodPlan } from '@internal/awoooi-test-utils';
import {
  clusterSource,
  startTestCluster,
  TestCluster,
} from '../__testUtils__/kubeCluster';
import {
  freePort,
  LocalPrometheus,
  startPrometheus,
} from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';
import { runScan } from '../__testUtils__/runScan';
import { migrate } from '../__testUtils__/scanDatabase';
import { readScanSettings } from '../settings';
import { FinOpsStore } from '../store/FinOpsStore';
import { parseQuantity } from './quantity';
import { FinOpsScanner } from './FinOpsScanner';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
const MI = 2 ** 20;
const GI = 2 ** 30;

let cluster: TestCluster;
let prometheus: LocalPrometheus;

/**
 * A week of use for every pod of the demo cluster plus one big bare pod
 * pinned to worker-3: ordinary pods use half their requests; the
 * notification worker idles at 0.5 % of its CPU request all week; the search
 * service idles only the last 5 days; the reserve pod uses 0.2 CPU, 4 GiB.
 */
function plan(pod: any): PodPlan {
  const container = pod.spec.containers[0];
  const requests = container.resources?.requests ?? {};
  const base = {
    namespace: pod.metadata.namespace,
    pod: pod.metadata.name,
    container: container.name,
  };
  const app =
    pod.metadata.labels?.['app.kubernetes.io/name'] ?? pod.metadata.name;
  if (app === 'notification-worker')
    return { ...base, cpuCores: () => 0.0005, memoryBytes: 64 * MI };
  if (app === 'search-service')
    return {
      ...base,
      cpuCores: d => (d < 2 ? 0.0675 : 0.001),
      memoryBytes: 256 * MI,
    };
  if (pod.metadata.name === 'ml-batch-reserve')
    return { ...base, cpuCores: () => 0.2, memoryBytes: 4 * GI };
  return {
    ...base,
    cpuCores: () => parseQuantity(requests.cpu) / 2,
    memoryBytes: parseQuantity(requests.memory) / 2,
  };
}

beforeAll(async () => {
  cluster = await startTestCluster('demo');
  cluster.server.store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'ml-batch-reserve', namespace: 'data' },
    spec: {
      nodeName: 'worker-3',
      containers: [
        {
          name: 'reserve',
          image: 'acme/reserve:1',
          resources: { requests: { cpu: '4500m', memory: '40Gi' } },
        },
      ],
    },
  });
  const pods = await cluster.source.list('pods');
  prometheus = await startPrometheus({
    openMetrics: containerMetrics(pods.map(plan), NOW, 7),
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await cluster?.server.close();
});

const PRICES = {
  currency: 'USD',
  vcpuHour: 0.05,
  gibHour: 0.01,
  storageGibMonth: 0.1,
  nodeTypes: {},
};

describe.each(databases.eachSupportedId())(
  'FinOps scanner on %s',
  databaseId => {
    async function setup() {
      const db = await migrate(await databases.init(databaseId));
      const store = FinOpsStore.create(db);
      const operationLog = OperationLogStore.create(db);
      const settings = readScanSettings(
        new ConfigReader({
          awoooi: {
            finops: { prices: PRICES, nodeResizeAction: 'resize_node' },
          },
        }),
      ).finops;
      const scanner = (
        metricsSources = [prometheusSource('main', prometheus.url)],
        clusterSources = [cluster.source],
      ) =>
        new FinOpsScanner({
          catalog: catalogServiceMock({ entities: demoEntities() }),
          auth: mockServices.auth(),
          clusterSources,
          metricsSources,
          store,
          operationLog,
          settings,
          offeredActions: () => [
            'delete_pvc',
            'scale_deployment',
            'delete_pod',
            'resize_node',
          ],
        });
      return { db, store, operationLog, scanner };
    }

    const pvcId = finOpsRecommendationId(
      'orphaned_pvc',
      'demo',
      'pvc/data/old-reports-data',
    );

    it('matches the hand-computed report of the seeded cluster', async () => {
      const { db, store, operationLog, scanner } = await setup();
      const run = await runScan(db, scanner(), { now: NOW });
      expect(run).toMatchObject({
        status: 'succeeded',
        error: null,
        notes: [],
      });

      // Prices: 0.05 per vCPU-hour, 0.01 per GiB-hour, 0.10 per GiB-month, 730 h a month,
      // no node-type prices (factor 1). Buffer 1.2.
      //
      // worker-3 (allocatable 7.91 CPU, 63008Mi = 61.53125 GiB) holds redis-cache
      // 250m/1Gi, auth-service 250m/384Mi, frontend 200m/256Mi, order-api
      // 300m/512Mi, product-api 300m/512Mi, search-service 200m/512Mi and the
      // reserve pod 4500m/40Gi: 6 CPU (76 %) and 1 + 0.375 + 0.25 + 0.5 + 0.5 +
      // 0.5 + 40 = 43.125 GiB (70 %) requested.
      // Used (mean per day): 0.125 + 0.125 + 0.1 + 0.15 + 0.15 + 0.02
      // (search: (2 × 0.0675 + 5 × 0.001) / 7) + 0.2 = 0.87 CPU (11 %);
      // 0.5 + 0.1875 + 0.125 + 0.25 + 0.25 + 0.25 + 4 = 5.5625 GiB (9 %).
      // Waste: 6 − 0.87 × 1.2 = 4.956 CPU, 43.125 − 5.5625 × 1.2 = 36.45 GiB;
      // (4.956 × 0.05 + 36.45 × 0.01) × 730 = 0.6123 × 730 = 446.979 → 446.98.
      //
      // notification-worker (100m/128Mi) at 0.0005 CPU (< 1 %) for all 7 days
      // and 64 MiB: 0.1 − 0.0006 = 0.0994 CPU, 0.125 − 0.075 = 0.05 GiB;
      // (0.0994 × 0.05 + 0.05 × 0.01) × 730 = 0.00547 × 730 = 3.9931 → 3.99.
      //
      // data/old-reports-data, 200 GiB mounted by no pod: 200 × 0.10 = 20.00.
      //
      // search-service idles only 5 days (not a zombie); worker-1 (66 % CPU
      // requested) does not look full; worker-2 (70.2 %) does but uses 35 %.
      //
      // Total 446.98 + 20.00 + 3.99 = 470.97 a month, 466.98 realizable now
      // (the node through the configured resize_node runbook), 3.99 freed
      // after a scale-down, 466.98 × 12 = 5603.76 a year.
      const nodeId = finOpsRecommendationId(
        'overprovisioned_node',
        'demo',
        'node/worker-3',
      );
      const zombieId = finOpsRecommendationId(
        'zombie_pod',
        'demo',
        'deployment/shop/notification-worker',
      );
      const report = await store.report('cluster', 'demo', 'USD');
      expect(report).toEqual({
        scope: 'demo',
        currency: 'USD',
        monthlyWaste: 470.97,
        realizable: 466.98,
        freed: 3.99,
        annual: 5603.76,
        recommendations: [
          {
            id: nodeId,
            kind: 'overprovisioned_node',
            resource: 'node/worker-3',
            cluster: 'demo',
            entityRef: null,
            monthlyCost: 446.98,
            realizable: true,
            risk: 'HIGH',
            action: 'resize_node',
            params: {},
            detail:
              'r5.2xlarge: 76% CPU and 70% memory requested, 11% and 9% used; 4.96 vCPU and 36.45 GiB above need at list prices',
            proposalId: null,
          },
          {
            id: pvcId,
            kind: 'orphaned_pvc',
            resource: 'pvc/data/old-reports-data',
            cluster: 'demo',
            entityRef: null,
            monthlyCost: 20,
            realizable: true,
            risk: 'HIGH',
            action: 'delete_pvc',
            params: {},
            detail: '200 GiB standard volume bound to no pod',
            proposalId: null,
          },
          {
            id: zombieId,
            kind: 'zombie_pod',
            resource: 'deployment/shop/notification-worker',
            cluster: 'demo',
            entityRef: 'component:default/notification-worker',
            monthlyCost: 3.99,
            realizable: false,
            risk: 'MEDIUM',
            action: 'scale_deployment',
            params: { replicas: 0 },
            detail:
              '1 of 1 pods of notification-worker idle for 7+ days (CPU < 1% of request); scaling down frees 0.10 vCPU and 0.05 GiB',
            proposalId: null,
          },
        ],
        history: [{ at: NOW.toISOString(), monthlyWaste: 470.97 }],
        generatedAt: NOW.toISOString(),
      });

      const worker = await store.report(
        'entity',
        'component:default/notification-worker',
        'USD',
      );
      expect(worker).toMatchObject({
        monthlyWaste: 3.99,
        realizable: 0,
        freed: 3.99,
        annual: 0,
      });
      expect(worker.recommendations.map(r => r.id)).toEqual([zombieId]);
      expect(
        await store.report('entity', 'component:default/frontend', 'USD'),
      ).toMatchObject({
        monthlyWaste: 0,
        recommendations: [],
        generatedAt: NOW.toISOString(),
      });
      expect(run.counts).toMatchObject({
        clusters: 1,
        recommendations: 3,
        opened: 3,
        entities: 7,
        monthlyWaste: 470.97,
      });
      expect(
        (await operationLog.list({ opType: 'finops_recommendation' }))
          .map(e => e.details.id)
          .sort(),
      ).toEqual([nodeId, pvcId, zombieId].sort());
    });

    it('computes what it can without Prometheus and says so', async () => {
      const { db, store, scanner } = await setup();
      const run = await runScan(db, scanner([]), { now: NOW });
      expect(run.status).toBe('succeeded');
      expect(run.notes).toEqual([
        "cluster 'demo': no Prometheus is configured (awoooi.prometheus.servers), so only orphaned volumes were computed; zombie pods and over-provisioned nodes need per-pod usage",
      ]);
      const report = await store.report('cluster', 'demo', 'USD');
      expect(report).toMatchObject({
        monthlyWaste: 20,
        realizable: 20,
        freed: 0,
        annual: 240,
      });
      expect(report.recommendations.map(r => r.id)).toEqual([pvcId]);
    });

    it('keeps proposal links and findings across scans, and fails cleanly when a source is down', async () => {
      const { db, store, scanner } = await setup();
      await runScan(db, scanner(), { now: NOW });
      expect(await store.markProposed(pvcId, 'proposal-123')).toBe(true);
      expect(await store.markProposed('finops-nope', 'x')).toBe(false);
      await runScan(db, scanner(), { now: NOW });
      expect(await store.getRecommendation(pvcId)).toMatchObject({
        proposalId: 'proposal-123',
        monthlyCost: 20,
      });

      const port = await freePort();
      const downCluster = await runScan(
        db,
        scanner(undefined, [clusterSource('demo', `http://127.0.0.1:${port}`)]),
        { now: NOW },
      );
      expect(downCluster.status).toBe('failed');
      expect(downCluster.error).toMatch(
        /^Kubernetes cluster 'demo': listing pods failed: .*ECONNREFUSED/,
      );
      const downProm = await runScan(
        db,
        scanner([prometheusSource('main', `http://127.0.0.1:${port}`)]),
        { now: NOW },
      );
      expect(downProm.status).toBe('failed');
      expect(downProm.error).toMatch(
        new RegExp(
          `^Prometheus 'main' at http://127.0.0.1:${port}/api/v1/query_range is unreachable`,
        ),
      );
      const report = await store.report('cluster', 'demo', 'USD');
      expect(report.recommendations).toHaveLength(3);
      expect(report.history).toHaveLength(2);
    });
  },
);

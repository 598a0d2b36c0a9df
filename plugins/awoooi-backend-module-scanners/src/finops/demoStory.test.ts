import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { containerMetrics, demoUsagePlans } from '@internal/kube-test-server';
import {
  KubernetesActionExecutor,
  KubernetesClusters,
} from '@awoooi/plugin-awoooi-backend-module-kubernetes';
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { demoEntities } from '@internal/awoooi-test-utils';
import { startTestCluster, TestCluster } from '../__testUtils__/kubeCluster';
import { LocalPrometheus, startPrometheus } from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';
import { runScan } from '../__testUtils__/runScan';
import { migrate } from '../__testUtils__/scanDatabase';
import { readScanSettings } from '../settings';
import { FinOpsStore } from '../store/FinOpsStore';
import { FinOpsScanner } from './FinOpsScanner';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '../../../..');
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);

/** The demo's configuration, as scripts/start.sh loads it. */
const DEMO_CONFIG = new ConfigReader(
  parse(readFileSync(join(ROOT, 'app-config.demo.yaml'), 'utf8'), {
    // ${AWOOOI_DEMO_KUBE_PORT:-6443} and friends are not needed here.
    strict: false,
  }),
);

/** What the demo's executors offer: the Kubernetes actions and the runner's playbooks. */
async function demoActions(cluster: TestCluster): Promise<string[]> {
  const { url, token } = cluster.server;
  const kube = new KubernetesActionExecutor({
    clusters: new KubernetesClusters(
      [{ name: 'demo-simulator', url, token, skipTLSVerify: true }],
      { clientModule: k8s },
    ),
  });
  const runner = DEMO_CONFIG.getOptionalConfig('awoooi.runner.playbooks');
  return [
    ...(await kube.listActions()).map(a => a.name),
    ...(runner?.keys() ?? []).map(name => `runner.${name}`),
  ];
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
let cluster: TestCluster;
let prometheus: LocalPrometheus;

beforeAll(async () => {
  cluster = await startTestCluster('demo-simulator', { finopsStory: true });
  prometheus = await startPrometheus({
    openMetrics: containerMetrics(demoUsagePlans(cluster.server.store), NOW, 8),
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await cluster?.server.close();
});

describe('the demo’s FinOps story', () => {
  it('reproduces the seed’s card from the demo cluster, metrics and prices', async () => {
    const db = await migrate(await databases.init('SQLITE_3'));
    const store = FinOpsStore.create(db);
    const offered = await demoActions(cluster);
    const scanner = new FinOpsScanner({
      catalog: catalogServiceMock({ entities: demoEntities() }),
      auth: mockServices.auth(),
      clusterSources: [cluster.source],
      metricsSources: [prometheusSource('demo', prometheus.url)],
      store,
      operationLog: OperationLogStore.create(db),
      settings: readScanSettings(DEMO_CONFIG).finops,
      offeredActions: () => offered,
    });
    const run = await runScan(db, scanner, { now: NOW });
    expect(run.status).toBe('succeeded');
    expect(run.notes).toEqual([]);

    const report = await store.report('cluster', 'demo-simulator', 'USD');
    expect(report).toMatchObject({
      monthlyWaste: 523.6,
      realizable: 480,
      freed: 43.6,
      annual: 5760,
    });
    expect(
      report.recommendations.map(r => [
        r.kind,
        r.resource,
        r.monthlyCost,
        r.risk,
        r.action,
        r.realizable,
      ]),
    ).toEqual([
      [
        'overprovisioned_node',
        'node/worker-large-01',
        340,
        'HIGH',
        'runner.resize_node',
        true,
      ],
      [
        'orphaned_pvc',
        'pvc/analytics/analytics-scratch',
        80,
        'HIGH',
        'delete_pvc',
        true,
      ],
      [
        'zombie_pod',
        'pod/shop/legacy-api-5d7b8',
        43.6,
        'MEDIUM',
        'delete_pod',
        false,
      ],
      [
        'orphaned_pvc',
        'pvc/data/data-postgres-backup',
        40,
        'HIGH',
        'delete_pvc',
        true,
      ],
      [
        'orphaned_pvc',
        'pvc/data/old-reports-data',
        20,
        'HIGH',
        'delete_pvc',
        true,
      ],
    ]);
  });
});

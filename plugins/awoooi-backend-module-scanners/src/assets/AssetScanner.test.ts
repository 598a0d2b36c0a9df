import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { demoEntities } from '@internal/awoooi-test-utils';
import {
  clusterSource,
  startTestCluster,
  TestCluster,
} from '../__testUtils__/kubeCluster';
import { freePort } from '@internal/awoooi-test-utils';
import { runScan } from '../__testUtils__/runScan';
import { migrate } from '../__testUtils__/scanDatabase';
import { AssetStore } from '../store/AssetStore';
import { EvidenceStore } from '../store/EvidenceStore';
import { AssetScanner } from './AssetScanner';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'asset scanner on %s',
  databaseId => {
    let cluster: TestCluster;
    beforeEach(async () => {
      cluster = await startTestCluster('demo');
    });
    afterEach(() => cluster.server.close());

    async function setup() {
      const db = await migrate(await databases.init(databaseId));
      const store = AssetStore.create(db);
      const evidence = EvidenceStore.create(db);
      const operationLog = OperationLogStore.create(db);
      const scanner = (entities = demoEntities(), sources = [cluster.source]) =>
        new AssetScanner({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          clusterSources: sources,
          store,
          evidence,
          operationLog,
        });
      return { db, store, evidence, operationLog, scanner };
    }

    it('inventories the catalog and the cluster, with coverage per dimension', async () => {
      const { db, store, operationLog, scanner } = await setup();
      const run = await runScan(db, scanner());
      expect(run).toMatchObject({ status: 'succeeded', error: null });
      // 9 catalog assets (1 System, 3 Resources, 5 Components; the Group is not
      // an asset); 13 Deployments, 3 nodes, 3 claims and 7 secrets in the cluster.
      expect(run.counts).toMatchObject({
        found: 35,
        new: 35,
        changed: 0,
        gone: 0,
        sources: 2,
        subjects: 15,
      });

      const kinds = (
        await store.list({ source: 'kubernetes', limit: 100 })
      ).items.reduce<Record<string, number>>(
        (acc, a) => ({ ...acc, [a.kind]: (acc[a.kind] ?? 0) + 1 }),
        {},
      );
      expect(kinds).toEqual({
        deployment: 13,
        node: 3,
        persistentvolumeclaim: 3,
        secret: 7,
      });

      const {
        items: [frontend],
      } = await store.list({
        kind: 'deployment',
        entityRef: 'component:default/frontend',
      });
      expect(frontend).toMatchObject({
        id: 'k8s:demo:deployment/shop/frontend',
        cluster: 'demo',
        namespace: 'shop',
        ownerRef: 'group:default/checkout-team',
        status: 'active',
        coverage: {},
      });
      const {
        items: [secret],
      } = await store.list({
        kind: 'secret',
        entityRef: 'resource:default/postgres-db',
      });
      expect(secret.attributes).toMatchObject({ type: 'Opaque' });
      expect(JSON.stringify(secret)).not.toMatch(/c2ltdWxhdGVk/); // the simulated secret value, base64

      const {
        items: [postgres],
      } = await store.list({
        entityRef: 'resource:default/postgres-db',
        source: 'catalog',
      });
      expect(postgres.coverage).toEqual({
        secret_rotated: ['kubernetes'],
        ssl_cert_valid: [],
        cve_scan: [],
        backup_tested: [],
        audit_log_enabled: ['annotation'],
        access_reviewed: [],
        encryption_at_rest: ['annotation', 'kubernetes'],
      });
      const {
        items: [legacy],
      } = await store.list({ entityRef: 'component:default/legacy-reports' });
      expect(legacy).toMatchObject({ ownerRef: 'group:default/finance-team' });
      expect(Object.values(legacy.coverage).every(s => s!.length === 0)).toBe(
        true,
      );

      const coverage = await store.coverage();
      const dims = Object.fromEntries(
        coverage.dimensions.map(d => [d.dimension, [d.covered, d.total]]),
      );
      // 7 mapped entities and 6 workloads no entity claims have Kubernetes facts.
      expect(dims).toEqual({
        secret_rotated: [13, 15],
        ssl_cert_valid: [0, 15],
        cve_scan: [0, 15],
        backup_tested: [0, 15],
        audit_log_enabled: [1, 15],
        access_reviewed: [0, 15],
        encryption_at_rest: [13, 15],
      });
      expect(await store.discoveryRuns()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            origin: 'catalog',
            status: 'ok',
            found: 9,
            new: 9,
          }),
          expect.objectContaining({
            origin: 'kubernetes:demo',
            status: 'ok',
            found: 26,
            new: 26,
          }),
        ]),
      );
      expect(
        await operationLog.list({ opType: 'asset_discovered', limit: 1000 }),
      ).toHaveLength(35);
    });

    it('tells new, changed and gone apart, and returns when an asset comes back', async () => {
      const { db, store, evidence, operationLog, scanner } = await setup();
      await runScan(db, scanner());

      // A secret is deleted, one created; legacy-reports leaves the catalog;
      // frontend gets endpoints and a posted CVE scan.
      cluster.server.store.remove('Secret', 'shop', 'order-api-db-credentials');
      cluster.server.store.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'order-api-db-credentials-v2',
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': 'order-api' },
        },
        data: { value: 'dmFsdWU=' },
      });
      await evidence.add({
        entityRef: 'component:default/frontend',
        dimension: 'cve_scan',
        result: 'pass',
        summary: '0 critical, 0 high',
        source: 'trivy',
        details: {},
        observedAt: new Date().toISOString(),
        createdBy: 'user:default/ci',
      });
      const entities = demoEntities({
        frontend: { 'awoooi.io/endpoints': 'shop.acme.example:443' },
      }).filter(e => e.metadata.name !== 'legacy-reports');
      const second = await runScan(db, scanner(entities));
      expect(second.counts).toMatchObject({
        found: 34,
        new: 1,
        changed: 1,
        gone: 2,
      });
      const gone = await store.list({ status: 'gone' });
      expect(gone.items.map(a => a.id).sort()).toEqual([
        'component:default/legacy-reports',
        'k8s:demo:secret/shop/order-api-db-credentials',
      ]);
      expect(gone.items[0].goneAt).not.toBeNull();
      const {
        items: [frontend],
      } = await store.list({
        entityRef: 'component:default/frontend',
        source: 'catalog',
      });
      expect(frontend.coverage).toMatchObject({
        ssl_cert_valid: ['tls-handshake'],
        cve_scan: ['evidence'],
      });
      expect(
        (await operationLog.list({ opType: 'asset_gone' }))
          .map(e => e.details.assetId)
          .sort(),
      ).toEqual(gone.items.map(a => a.id).sort());

      // legacy-reports is back: active again, discovered again, same first sighting.
      const third = await runScan(db, scanner());
      expect(third.counts).toMatchObject({ new: 1, gone: 0 });
      const {
        items: [legacy],
      } = await store.list({ entityRef: 'component:default/legacy-reports' });
      expect(legacy).toMatchObject({ status: 'active', goneAt: null });
      const [returned] = await operationLog.list({
        opType: 'asset_discovered',
        entityRef: 'component:default/legacy-reports',
      });
      expect(returned.details).toMatchObject({ returned: true });
    });

    it('keeps a cluster’s assets when the cluster is unreachable and fails the run', async () => {
      const { db, store, scanner } = await setup();
      await runScan(db, scanner());
      const port = await freePort();
      const down = clusterSource('demo', `http://127.0.0.1:${port}`);
      const run = await runScan(db, scanner(demoEntities(), [down]));
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(
        /^Kubernetes cluster 'demo': listing deployments failed: .*ECONNREFUSED/,
      );
      expect(run.counts).toMatchObject({ sourcesFailed: 1, gone: 0 });
      expect(
        (await store.list({ source: 'kubernetes', status: 'active' })).total,
      ).toBe(26);
      const [latest] = await store.discoveryRuns();
      const thisRun = (await store.discoveryRuns()).filter(
        r => r.runId === latest.runId,
      );
      expect(thisRun).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            origin: 'kubernetes:demo',
            status: 'failed',
            error: run.error,
          }),
          expect.objectContaining({
            origin: 'catalog',
            status: 'ok',
            found: 9,
            gone: 0,
          }),
        ]),
      );
    });
  },
);

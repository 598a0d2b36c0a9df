import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
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
import { startTlsServers, TlsFixture } from '@internal/awoooi-test-utils';
import { readScanSettings } from '../settings';
import { ComplianceStore } from '../store/ComplianceStore';
import { EvidenceStore } from '../store/EvidenceStore';
import { ComplianceScanner } from './ComplianceScanner';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const DAY = 86_400_000;
const NOW = new Date();
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

let tls: TlsFixture;
beforeAll(async () => {
  tls = await startTlsServers(NOW);
});
afterAll(() => tls?.close());

describe.each(databases.eachSupportedId())(
  'compliance scanner on %s',
  databaseId => {
    let cluster: TestCluster;
    beforeEach(async () => {
      cluster = await startTestCluster('demo', { now: () => NOW });
      // A second claim of redis-cache on an unencrypted class, and audit logging
      // switched off on order-api's Deployment.
      cluster.server.store.create({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name: 'redis-cache-snapshots',
          namespace: 'data',
          labels: { 'backstage.io/kubernetes-id': 'redis-cache' },
        },
        spec: {
          storageClassName: 'standard',
          resources: { requests: { storage: '20Gi' } },
          accessModes: ['ReadWriteOnce'],
        },
      });
      cluster.server.store.patch('Deployment', 'shop', 'order-api', {
        metadata: { annotations: { 'awoooi.io/audit-log': 'false' } },
      });
    });
    afterEach(() => cluster.server.close());

    async function setup() {
      const db = await migrate(await databases.init(databaseId));
      const evidence = EvidenceStore.create(db);
      const store = ComplianceStore.create(db);
      const operationLog = OperationLogStore.create(db);
      const entities = demoEntities({
        frontend: { 'awoooi.io/endpoints': tls.endpoints.valid },
        ingress: {
          'awoooi.io/endpoints': `${tls.endpoints.valid}, ${tls.endpoints.expiring}`,
        },
        'order-api': { 'awoooi.io/endpoints': tls.endpoints.expired },
        'notification-worker': {
          'awoooi.io/endpoints': tls.endpoints.selfSigned,
        },
        'redis-cache': {
          'awoooi.io/endpoints': tls.endpoints.mismatch,
          'awoooi.io/backup-tested': 'last tuesday',
        },
        'postgres-db': {
          'awoooi.io/access-reviewed': `${daysAgo(10).slice(
            0,
            10,
          )} pass quarterly review by platform leads`,
        },
      });
      const settings = readScanSettings(
        new ConfigReader({
          awoooi: {
            compliance: {
              tls: { ca: tls.caCert, timeout: '3s' },
              // The fixtures listen on loopback, refused unless allowed.
              allowedEndpoints: ['127.0.0.0/8', '::1'],
            },
          },
        }),
      ).compliance;
      const scanner = (sources = [cluster.source]) =>
        new ComplianceScanner({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          clusterSources: sources,
          evidence,
          store,
          operationLog,
          settings,
        });
      const post = (
        entityRef: string,
        dimension: any,
        result: any,
        summary: string,
        observedAt = NOW.toISOString(),
      ) =>
        evidence.add({
          entityRef,
          dimension,
          result,
          summary,
          source: 'ci',
          details: {},
          observedAt,
          createdBy: 'user:default/ci',
        });
      await post(
        'component:default/frontend',
        'cve_scan',
        'pass',
        '0 critical, 0 high',
      );
      await post(
        'resource:default/payments-db',
        'cve_scan',
        'fail',
        '2 critical',
      );
      await post(
        'resource:default/postgres-db',
        'backup_tested',
        'pass',
        'restore drill 38 min',
        daysAgo(40),
      );
      return { db, store, operationLog, scanner };
    }

    const checksOf = async (store: ComplianceStore, ref: string) =>
      Object.fromEntries(
        (await store.report(ref)).checks.map(c => [
          c.dimension,
          [c.status, c.evidence],
        ]),
      );

    it('checks all seven dimensions against their real sources', async () => {
      const { db, store, operationLog, scanner } = await setup();
      const run = await runScan(db, scanner(), { now: NOW });
      expect(run).toMatchObject({ status: 'succeeded', error: null });
      // 9 catalog assets and the 6 Deployments no entity claims; six endpoints
      // listed, five distinct (each is probed once per run).
      expect(run.counts).toMatchObject({ subjects: 15, endpointsProbed: 5 });

      const postgres = await checksOf(store, 'resource:default/postgres-db');
      expect(postgres.secret_rotated).toEqual([
        'fail',
        '1 secret(s); oldest data/postgres-db-credentials is 210 days old (warning past 90 days, fail past 180)',
      ]);
      expect(postgres.ssl_cert_valid[0]).toBe('unknown');
      expect(postgres.ssl_cert_valid[1]).toMatch(
        /^Unknown: no awoooi\.io\/endpoints annotation/,
      );
      expect(postgres.cve_scan).toEqual([
        'unknown',
        'Unknown: no cve_scan evidence (e.g. a Trivy JSON report) posted to POST /api/awoooi/compliance/evidence and no awoooi.io/cve-scan annotation',
      ]);
      expect(postgres.backup_tested).toEqual([
        'warning',
        `Stale: last pass: restore drill 38 min (ci, ${daysAgo(40).slice(
          0,
          10,
        )}) is 40 days old (max 30)`,
      ]);
      expect(postgres.audit_log_enabled).toEqual([
        'pass',
        'Audit log on: awoooi.io/audit-log: pgaudit (catalog)',
      ]);
      expect(postgres.access_reviewed[0]).toBe('pass');
      expect(postgres.access_reviewed[1]).toMatch(
        /^Pass: quarterly review by platform leads \(awoooi\.io\/access-reviewed, /,
      );
      expect(postgres.encryption_at_rest).toEqual([
        'pass',
        'Annotation awoooi.io/encryption-at-rest: true; encrypted volume(s): data/postgres-db-data (class encrypted-gp3)',
      ]);
      // 15 secret×0 + 15 backup×½ + 10 audit + 10 access + 15 encryption over 65 known.
      expect((await store.report('resource:default/postgres-db')).score).toBe(
        65,
      );

      const redis = await checksOf(store, 'resource:default/redis-cache');
      expect(redis.secret_rotated[0]).toBe('warning'); // redis-cache-auth, 95 days
      expect(redis.ssl_cert_valid[0]).toBe('fail');
      expect(redis.ssl_cert_valid[1]).toMatch(/certificate hostname mismatch/);
      expect(redis.backup_tested).toEqual([
        'warning',
        "awoooi.io/backup-tested 'last tuesday' is not '<ISO date> [pass|warning|fail] [note]'",
      ]);
      expect(redis.encryption_at_rest).toEqual([
        'fail',
        'Unencrypted volume(s): data/redis-cache-snapshots (class standard)',
      ]);

      const ssl = async (ref: string) =>
        (await checksOf(store, ref)).ssl_cert_valid;
      expect((await ssl('component:default/frontend'))[0]).toBe('pass');
      expect(await ssl('component:default/ingress')).toEqual([
        'warning',
        expect.stringMatching(
          /valid until .*; .*certificate expires in (9|10) days/,
        ),
      ]);
      expect(await ssl('component:default/order-api')).toEqual([
        'fail',
        expect.stringMatching(/certificate expired/),
      ]);
      expect(await ssl('component:default/notification-worker')).toEqual([
        'fail',
        expect.stringMatching(/self-signed/),
      ]);

      const order = await checksOf(store, 'component:default/order-api');
      expect(order.audit_log_enabled).toEqual([
        'fail',
        'Audit log off: awoooi.io/audit-log: false (demo:shop/order-api)',
      ]);
      expect(order.secret_rotated).toEqual([
        'pass',
        expect.stringMatching(
          /^1 secret\(s\); oldest shop\/order-api-db-credentials is 25 days old/,
        ),
      ]);
      expect(
        (await checksOf(store, 'component:default/frontend')).cve_scan,
      ).toEqual([
        'pass',
        expect.stringMatching(/^Pass: 0 critical, 0 high \(ci, /),
      ]);
      expect(
        (await checksOf(store, 'resource:default/payments-db')).cve_scan[0],
      ).toBe('fail');

      // A workload no entity claims is checked on its own.
      const auth = await checksOf(
        store,
        'k8s:demo:deployment/identity/auth-service',
      );
      expect(auth.secret_rotated[0]).toBe('warning'); // auth-service-signing-key, 120 days
      expect(auth.encryption_at_rest).toEqual([
        'pass',
        'No persistent volumes in Kubernetes',
      ]);

      // Nothing ties legacy-reports to any source: unknown everywhere, score null.
      const legacy = await store.report('component:default/legacy-reports');
      expect(legacy.score).toBeNull();
      expect(legacy.checks.every(c => c.status === 'unknown')).toBe(true);
      expect(
        legacy.checks.find(c => c.dimension === 'secret_rotated')!.evidence,
      ).toBe(
        'Unknown: the entity has no backstage.io/kubernetes-id annotation tying it to Kubernetes objects',
      );

      const [platform] = await store.groups('group:default/platform-team');
      expect(platform.entities.map(e => e.entityRef)).toEqual([
        'resource:default/payments-db',
        'resource:default/postgres-db',
        'resource:default/redis-cache',
        'system:default/data-platform',
      ]);
      const known = platform.entities
        .map(e => e.score)
        .filter((s): s is number => s !== null);
      expect(platform.score).toBe(
        Math.round(known.reduce((a, b) => a + b, 0) / known.length),
      );
      expect((await store.groups()).map(g => g.groupRef)).toEqual([
        'group:default/checkout-team',
        'group:default/finance-team',
        'group:default/platform-team',
      ]);
      const [summary] = await operationLog.list({
        opType: 'coverage_recalculated',
      });
      expect(summary.details).toMatchObject({ subjects: 15 });
    });

    it('moves with time: older secrets, stale evidence, a new score in the history', async () => {
      const { db, store, operationLog, scanner } = await setup();
      await runScan(db, scanner(), { now: NOW });
      const later = new Date(NOW.getTime() + 70 * DAY);
      await runScan(db, scanner(), { now: later });

      const order = await checksOf(store, 'component:default/order-api');
      // 25 + 70 = 95 days: past 90.
      expect(order.secret_rotated[0]).toBe('warning');
      const frontend = await checksOf(store, 'component:default/frontend');
      expect(frontend.cve_scan).toEqual([
        'warning',
        expect.stringMatching(
          /^Stale: last pass: 0 critical, 0 high \(ci, .*\) is 70 days old \(max 7\)$/,
        ),
      ]);
      // The expiring certificate has expired by then.
      expect(
        (await checksOf(store, 'component:default/ingress')).ssl_cert_valid[0],
      ).toBe('fail');

      const report = await store.report('component:default/frontend');
      expect(report.history).toHaveLength(2);
      expect(report.history[1].score).toBeLessThan(report.history[0].score);
      const changes = await operationLog.list({
        opType: 'compliance_score_changed',
        entityRef: 'component:default/frontend',
      });
      expect(changes[0].details).toMatchObject({
        from: report.history[0].score,
        to: report.history[1].score,
      });
      expect(
        await store.groupHistory('group:default/checkout-team'),
      ).toHaveLength(2);
    });

    it('fails the run and keeps the last snapshot when a cluster is down', async () => {
      const { db, store, scanner } = await setup();
      await runScan(db, scanner(), { now: NOW });
      const before = await store.report('resource:default/postgres-db');
      const port = await freePort();
      const run = await runScan(
        db,
        scanner([clusterSource('demo', `http://127.0.0.1:${port}`)]),
        { now: NOW },
      );
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(
        /^Kubernetes cluster 'demo': listing deployments failed: .*ECONNREFUSED/,
      );
      expect(await store.report('resource:default/postgres-db')).toEqual(
        before,
      );
    });
  },
);

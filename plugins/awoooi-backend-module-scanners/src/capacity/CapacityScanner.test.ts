import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CapacityThresholds } from '@awoooi/plugin-awoooi-node';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import {
  freePort,
  LocalNodeExporter,
  LocalPrometheus,
  startNodeExporter,
  startPrometheus,
  waitFor,
} from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';
import { runScan } from '../__testUtils__/runScan';
import { migrate } from '../__testUtils__/scanDatabase';
import { CapacityStore } from '../store/CapacityStore';
import { CapacityHealthProvider } from './CapacityHealthProvider';
import { CapacityScanner } from './CapacityScanner';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(120_000);

const databases = createTestDatabases();

let exporter: LocalNodeExporter;
let prometheus: LocalPrometheus;

beforeAll(async () => {
  exporter = await startNodeExporter();
  prometheus = await startPrometheus({ scrapeTargets: [exporter.address] });
  // Rates need two scrapes; wait until every figure has data.
  const source = prometheusSource('local', prometheus.url);
  await waitFor(
    async () =>
      (
        await source.query('rate(node_cpu_seconds_total{mode="idle"}[1m])')
      ).length > 0,
    'two scrapes of node_exporter',
  );
});

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.stop();
});

const OFF: CapacityThresholds = {
  cpuWarning: 100,
  cpuCritical: 100,
  memoryWarning: 100,
  memoryCritical: 100,
};

describe.each(databases.eachSupportedId())(
  'capacity scanner on %s',
  databaseId => {
    async function setup() {
      const db = await migrate(await databases.init(databaseId));
      const entities: Entity[] = [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'metrics-host',
            namespace: 'default',
            annotations: { 'awoooi.io/hosts': exporter.address },
          },
          spec: { type: 'database', owner: 'platform-team' },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'by-hostname',
            namespace: 'default',
            annotations: { 'awoooi.io/hosts': '127.0.0.1' },
          },
          spec: { type: 'service', owner: 'platform-team' },
        },
      ];
      const store = CapacityStore.create(db);
      const operationLog = OperationLogStore.create(db);
      const scanner = (
        thresholds: CapacityThresholds,
        sources = [prometheusSource('local', prometheus.url)],
      ) =>
        new CapacityScanner({
          sources,
          store,
          operationLog,
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          thresholds,
          window: '1m',
        });
      return { db, store, operationLog, scanner };
    }

    it('reads real node_exporter figures per host and maps the host to entities', async () => {
      const { db, store, scanner } = await setup();
      const run = await runScan(db, scanner(OFF));
      expect(run).toMatchObject({ status: 'succeeded', error: null });
      expect(run.counts).toMatchObject({ servers: 1, hosts: 1, ok: 1 });

      const [host] = await store.latestHosts();
      expect(host).toMatchObject({
        instance: exporter.address,
        server: 'local',
        verdict: 'ok',
        entityRefs: [
          'component:default/by-hostname',
          'resource:default/metrics-host',
        ],
      });
      // Like with like: the scan's average lies within the lowest and
      // highest used-memory sample node_exporter reported over a window far
      // wider than the scan's. Five points of slack: the scan averages raw
      // samples where this query steps through them second by second, and
      // on a loaded test machine memory moves by points between scrapes
      // (a run saw the scan 1.1 points under the window's minimum).
      const used = `(100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes))[30m:1s]`;
      const source = prometheusSource('local', prometheus.url);
      const [low] = await source.query(`min_over_time(${used})`);
      const [high] = await source.query(`max_over_time(${used})`);
      expect(host.memoryPercent).toBeGreaterThanOrEqual(low.value - 5);
      expect(host.memoryPercent).toBeLessThanOrEqual(high.value + 5);
      expect(high.value - low.value).toBeLessThan(50);
      expect(host.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(host.cpuPercent).toBeLessThanOrEqual(100);
      expect(host.iowaitPercent).toBeGreaterThanOrEqual(0);
      expect(host.swapPercent).toBeGreaterThanOrEqual(0);
      expect(host.swapPercent).toBeLessThanOrEqual(100);
      for (const load of [host.load1, host.load5, host.load15])
        expect(load).toBeGreaterThanOrEqual(0);
    });

    it('moves each verdict branch with the thresholds and opens and resolves violations', async () => {
      const { db, store, operationLog, scanner } = await setup();
      const health = new CapacityHealthProvider(store);

      await runScan(db, scanner(OFF));
      expect((await store.latestHosts())[0].verdict).toBe('ok');
      expect(
        await operationLog.list({ opType: 'capacity_recommendation' }),
      ).toEqual([]);

      // Used memory is above 0 % on any live machine: a warning at 0.
      const warn = await runScan(db, scanner({ ...OFF, memoryWarning: 0 }));
      expect(warn.counts).toMatchObject({ warning: 1, violationsOpened: 0 });
      expect((await store.latestHosts())[0].verdict).toBe('warning');
      const [advice] = await operationLog.list({
        opType: 'capacity_recommendation',
      });
      expect(advice.entityRef).toBe('component:default/by-hostname');
      expect(advice.details).toMatchObject({
        verdict: 'warning',
        instance: exporter.address,
      });
      expect(advice.details.recommendation).toMatch(
        /^memory [\d.]+% over 1m is above the warning threshold 0%: add memory/,
      );
      expect(await store.violations({ open: true })).toEqual([]);

      // Over the hard threshold: critical, one violation event, unhealthy entities.
      const critical = await runScan(
        db,
        scanner({ ...OFF, memoryWarning: 0, memoryCritical: 0 }),
      );
      expect(critical.counts).toMatchObject({
        critical: 1,
        violationsOpened: 1,
      });
      const [violation] = await store.violations({ open: true });
      expect(violation).toMatchObject({
        instance: exporter.address,
        metric: 'memory',
        threshold: 0,
        resolvedAt: null,
      });
      const report = await health.unhealthyEntities();
      expect([...report.keys()]).toEqual([
        'component:default/by-hostname',
        'resource:default/metrics-host',
      ]);
      expect(report.get('resource:default/metrics-host')![0]).toMatch(
        new RegExp(
          `^capacity: memory [\\d.]+% on ${exporter.address} \\(local\\) is over the hard threshold 0%`,
        ),
      );
      expect(
        await operationLog.list({ opType: 'capacity_violation' }),
      ).toHaveLength(1);

      // Still over: the same event, seen again.
      const again = await runScan(
        db,
        scanner({ ...OFF, memoryWarning: 0, memoryCritical: 0 }),
      );
      expect(again.counts).toMatchObject({ critical: 1, violationsOpened: 0 });
      const open = await store.violations({ open: true });
      expect(open).toHaveLength(1);
      expect(open[0].id).toBe(violation.id);
      expect(open[0].lastSeenAt >= violation.lastSeenAt).toBe(true);

      // CPU over its hard threshold instead: memory resolves, CPU opens.
      const cpu = await runScan(
        db,
        scanner({ ...OFF, cpuWarning: -1, cpuCritical: -1 }),
      );
      expect(cpu.counts).toMatchObject({
        critical: 1,
        violationsOpened: 1,
        violationsResolved: 1,
      });
      expect(
        (await store.violations({ open: true })).map(v => v.metric),
      ).toEqual(['cpu']);

      // Healthy again: everything resolves, nothing is unhealthy, history stays.
      const ok = await runScan(db, scanner(OFF));
      expect(ok.counts).toMatchObject({ ok: 1, violationsResolved: 1 });
      expect(await store.violations({ open: true })).toEqual([]);
      expect((await health.unhealthyEntities()).size).toBe(0);
      expect(await store.violations()).toHaveLength(2);
      expect(await store.history({ instance: exporter.address })).toHaveLength(
        6,
      );
    });

    it('fails the run with a clear error when a Prometheus is down, keeping earlier data', async () => {
      const { db, store, scanner } = await setup();
      await runScan(
        db,
        scanner({ ...OFF, memoryWarning: 0, memoryCritical: 0 }),
      );
      const port = await freePort();
      const down = prometheusSource('eu-2', `http://127.0.0.1:${port}`);

      const run = await runScan(db, scanner(OFF, [down]));
      expect(run.status).toBe('failed');
      expect(run.error).toBe(
        `Prometheus 'eu-2' at http://127.0.0.1:${port}/api/v1/query is unreachable: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`,
      );
      expect(run.counts).toMatchObject({ servers: 0, hosts: 0 });
      // The last reading and the open violation are still there.
      expect((await store.latestHosts())[0].verdict).toBe('critical');
      expect(await store.violations({ open: true })).toHaveLength(1);

      // A healthy server next to the broken one is still read.
      const mixed = await runScan(
        db,
        scanner(OFF, [down, prometheusSource('local', prometheus.url)]),
      );
      expect(mixed.status).toBe('failed');
      expect(mixed.counts).toMatchObject({
        servers: 1,
        hosts: 1,
        ok: 1,
        violationsResolved: 1,
      });
    });

    it('says so when no Prometheus is configured', async () => {
      const { db, scanner } = await setup();
      const run = await runScan(db, scanner(OFF, []));
      expect(run).toMatchObject({
        status: 'succeeded',
        counts: { servers: 0, hosts: 0 },
      });
      expect(run.notes).toEqual([
        'No Prometheus server is configured (awoooi.prometheus.servers): no host was read',
      ]);
    });
  },
);

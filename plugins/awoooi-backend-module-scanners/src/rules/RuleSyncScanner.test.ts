import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import {
  freePort,
  LocalPrometheus,
  startPrometheus,
  waitFor,
} from '@internal/awoooi-test-utils';
import { prometheusSource } from '@internal/awoooi-test-utils';
import { runScan } from '../__testUtils__/runScan';
import { migrate } from '../__testUtils__/scanDatabase';
import { RuleCatalogStore } from '../store/RuleCatalogStore';
import { RuleSyncScanner } from './RuleSyncScanner';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const FIRST = `groups:
  - name: hosts
    rules:
      - alert: HostDown
        expr: up == 0
        for: 2m
        labels: { severity: critical }
        annotations: { summary: 'host {{ $labels.instance }} is down' }
      - alert: HighLoad
        expr: node_load5 > 4
        for: 10m
        labels: { severity: warning }
      - alert: HighLoad
        expr: node_load5 > 8
        for: 5m
        labels: { severity: critical }
      - record: instance:up:sum
        expr: sum by (instance) (up)
  - name: disks
    rules:
      - alert: DiskFull
        expr: node_filesystem_avail_bytes < 1e9
`;

// HostDown gets a new expression, the second HighLoad is gone, DiskFull
// moves nothing, MemoryLow is new.
const SECOND = `groups:
  - name: hosts
    rules:
      - alert: HostDown
        expr: up == 0 or absent(up)
        for: 2m
        labels: { severity: critical }
        annotations: { summary: 'host {{ $labels.instance }} is down' }
      - alert: HighLoad
        expr: node_load5 > 4
        for: 10m
        labels: { severity: warning }
      - alert: MemoryLow
        expr: node_memory_MemAvailable_bytes < 1e8
  - name: disks
    rules:
      - alert: DiskFull
        expr: node_filesystem_avail_bytes < 1e9
`;

let prometheus: LocalPrometheus;

async function rulesLoaded(names: string[]) {
  const source = prometheusSource('main', prometheus.url);
  await waitFor(async () => {
    const got = (await source.rules()).map(r => r.name).sort();
    return JSON.stringify(got) === JSON.stringify([...names].sort());
  }, `rules ${names.join(', ')}`);
}

beforeAll(async () => {
  prometheus = await startPrometheus({ rules: FIRST });
});

afterAll(async () => {
  await prometheus?.stop();
});

describe.each(databases.eachSupportedId())(
  'alert rule catalog sync on %s',
  databaseId => {
    it('creates, updates, retires and restores rules from a real Prometheus', async () => {
      await prometheus.setRules(FIRST);
      await rulesLoaded([
        'HostDown',
        'HighLoad',
        'HighLoad',
        'instance:up:sum',
        'DiskFull',
      ]);
      const db = await migrate(await databases.init(databaseId));
      const store = RuleCatalogStore.create(db);
      const operationLog = OperationLogStore.create(db);
      const scanner = new RuleSyncScanner({
        sources: [prometheusSource('main', prometheus.url)],
        store,
        operationLog,
      });

      const first = await runScan(db, scanner);
      expect(first).toMatchObject({ status: 'succeeded' });
      expect(first.counts).toMatchObject({
        servers: 1,
        rules: 4,
        created: 4,
        updated: 0,
        retired: 0,
      });
      const created = await store.list({});
      expect(
        created.map(r => [
          r.group,
          r.name,
          r.occurrence,
          r.expression,
          r.forSeconds,
        ]),
      ).toEqual([
        // Prometheus answers with its own rendering of the expression.
        ['disks', 'DiskFull', 0, 'node_filesystem_avail_bytes < 1e+09', 0],
        ['hosts', 'HighLoad', 0, 'node_load5 > 4', 600],
        ['hosts', 'HighLoad', 1, 'node_load5 > 8', 300],
        ['hosts', 'HostDown', 0, 'up == 0', 120],
      ]);
      const hostDown = created.find(r => r.name === 'HostDown')!;
      expect(hostDown).toMatchObject({
        server: 'main',
        labels: { severity: 'critical' },
        annotations: { summary: 'host {{ $labels.instance }} is down' },
        status: 'active',
      });
      expect(hostDown.file).toMatch(/rules\.yml$/);
      expect(['ok', 'unknown']).toContain(hostDown.health);
      expect((await operationLog.list({ opType: 'rule_created' })).length).toBe(
        4,
      );

      // Unchanged rules stay as they are on a second sync.
      const same = await runScan(db, scanner);
      expect(same.counts).toMatchObject({
        created: 0,
        updated: 0,
        retired: 0,
        unchanged: 4,
      });

      await prometheus.setRules(SECOND);
      await rulesLoaded(['HostDown', 'HighLoad', 'MemoryLow', 'DiskFull']);
      const second = await runScan(db, scanner);
      expect(second.counts).toMatchObject({
        rules: 4,
        created: 1,
        updated: 1,
        retired: 1,
        unchanged: 2,
      });
      const all = await store.list({});
      expect(all.map(r => [r.name, r.occurrence, r.status])).toEqual([
        ['DiskFull', 0, 'active'],
        ['HighLoad', 0, 'active'],
        ['HighLoad', 1, 'retired'],
        ['HostDown', 0, 'active'],
        ['MemoryLow', 0, 'active'],
      ]);
      expect(all.find(r => r.name === 'HostDown')).toMatchObject({
        expression: 'up == 0 or absent(up)',
        id: hostDown.id,
      });
      expect(all.find(r => r.status === 'retired')!.retiredAt).not.toBeNull();
      const [updated] = await operationLog.list({ opType: 'rule_updated' });
      expect(updated.details).toMatchObject({
        rule: 'HostDown',
        changed: ['expression'],
        server: 'main',
      });
      expect(
        (await operationLog.list({ opType: 'rule_retired' }))[0].details,
      ).toMatchObject({ rule: 'HighLoad', group: 'hosts' });
      expect(await store.list({ status: 'active' })).toHaveLength(4);

      // The rule comes back: restored under its old id, never duplicated.
      await prometheus.setRules(FIRST);
      await rulesLoaded([
        'HostDown',
        'HighLoad',
        'HighLoad',
        'instance:up:sum',
        'DiskFull',
      ]);
      const third = await runScan(db, scanner);
      expect(third.counts).toMatchObject({
        created: 0,
        restored: 1,
        updated: 1,
        retired: 1,
      });
      expect(await store.list({})).toHaveLength(5);
      expect(
        (await store.list({ status: 'retired' })).map(r => r.name),
      ).toEqual(['MemoryLow']);
    });

    it('retires nothing of a server that does not answer', async () => {
      await prometheus.setRules(FIRST);
      await rulesLoaded([
        'HostDown',
        'HighLoad',
        'HighLoad',
        'instance:up:sum',
        'DiskFull',
      ]);
      const db = await migrate(await databases.init(databaseId));
      const store = RuleCatalogStore.create(db);
      const operationLog = OperationLogStore.create(db);
      const live = prometheusSource('main', prometheus.url);
      await runScan(
        db,
        new RuleSyncScanner({ sources: [live], store, operationLog }),
      );

      const port = await freePort();
      const down = new RuleSyncScanner({
        sources: [prometheusSource('main', `http://127.0.0.1:${port}`)],
        store,
        operationLog,
      });
      const run = await runScan(db, down);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(
        new RegExp(
          `^Prometheus 'main' at http://127.0.0.1:${port}/api/v1/rules is unreachable: ECONNREFUSED`,
        ),
      );
      expect(await store.list({ status: 'active' })).toHaveLength(4);
    });
  },
);

/**
 * Asset and compliance scans over a 10k-entity catalog, on SQLite (in
 * memory) and, when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is
 * set, on PostgreSQL:
 *  1. first asset scan: every entity new (inventory rows, discovery log);
 *  2. second scan, nothing changed;
 *  3. third scan after 1 % changed, 1 % removed and 1 % added;
 *  4. a compliance scan of every asset (7 dimensions, score, history).
 * The target is a 10k-entity asset scan in under 60 s.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/assets.ts
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import { join } from 'path';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { AssetScanner } from '../plugins/awoooi-backend-module-scanners/src/assets/AssetScanner';
import { ComplianceScanner } from '../plugins/awoooi-backend-module-scanners/src/compliance/ComplianceScanner';
import { ScanRunner } from '../plugins/awoooi-backend-module-scanners/src/schedule/ScanRunner';
import { readScanSettings } from '../plugins/awoooi-backend-module-scanners/src/settings';
import { AssetStore } from '../plugins/awoooi-backend-module-scanners/src/store/AssetStore';
import { ComplianceStore } from '../plugins/awoooi-backend-module-scanners/src/store/ComplianceStore';
import { EvidenceStore } from '../plugins/awoooi-backend-module-scanners/src/store/EvidenceStore';
import { ScanRunStore } from '../plugins/awoooi-backend-module-scanners/src/store/ScanRunStore';
import type { Scanner } from '../plugins/awoooi-backend-module-scanners/src/types';
import { silentLogger } from './silentLogger';
import { BenchDatabase, openPostgres, openSqlite } from './database';
import { seededRandom } from './random';
import type { Figure } from './targets';

const ENTITIES = 10_000;
const TARGET_MS = 60_000;

export interface AssetBenchResult {
  engine: string;
  entities: number;
  firstScanMs: number;
  unchangedScanMs: number;
  changedScanMs: number;
  complianceScanMs: number;
  inventoryRows: number;
  firstScanCounts: Record<string, number>;
  changedScanCounts: Record<string, number>;
  underTarget: boolean;
}

/** 70 % Components, 25 % Resources, 5 % Systems; 60 teams; assorted annotations. */
export function syntheticAssets(
  count: number,
  seed = 11,
  offset = 0,
): Entity[] {
  const random = seededRandom(seed);
  const out: Entity[] = [];
  for (let i = offset; i < offset + count; i++) {
    const r = random();
    const kind = r < 0.7 ? 'Component' : r < 0.95 ? 'Resource' : 'System';
    const name = `${kind.toLowerCase()}-${i}`;
    const annotations: Record<string, string> = {
      'backstage.io/managed-by-location': `url:https://git.example/${name}`,
    };
    if (random() < 0.6) annotations['backstage.io/kubernetes-id'] = name;
    if (random() < 0.2)
      annotations['awoooi.io/audit-log'] = random() < 0.9 ? 'enabled' : 'false';
    if (kind === 'Resource' && random() < 0.5)
      annotations['awoooi.io/encryption-at-rest'] = 'true';
    if (random() < 0.3)
      annotations['awoooi.io/backup-tested'] =
        '2026-11-01 pass nightly restore';
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: {
        name,
        namespace: 'default',
        title: `Synthetic ${name}`,
        annotations,
      },
      spec: {
        type: kind === 'Resource' ? 'database' : 'service',
        lifecycle: 'production',
        owner: `group:default/team-${Math.floor(random() * 60)}`,
        ...(kind !== 'System'
          ? { system: `system-${Math.floor(random() * 500)}` }
          : {}),
      },
    });
  }
  return out;
}

/** Both engines: SQLite in memory, and PostgreSQL 15 when configured. */
async function openDatabases(): Promise<BenchDatabase[]> {
  const pg = await openPostgres('assets');
  return [openSqlite(), ...(pg ? [{ ...pg, engine: 'PostgreSQL 15' }] : [])];
}

async function timed(runner: ScanRunner, runs: ScanRunStore, scanId: string) {
  const start = process.hrtime.bigint();
  const run = await runner.startManual(scanId, 'user:default/bench');
  await runner.idle();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const done = (await runs.get(run.id))!;
  if (done.status !== 'succeeded')
    throw new Error(`${scanId} scan failed: ${done.error}`);
  return { ms: Math.round(ms), counts: done.counts };
}

async function benchOne(
  engine: string,
  knex: Knex,
  entities: number,
): Promise<AssetBenchResult> {
  await knex.migrate.latest({
    directory: join(__dirname, '../plugins/awoooi-backend/migrations'),
  });
  const auth = mockServices.auth();
  const assets = AssetStore.create(knex);
  const evidence = EvidenceStore.create(knex);
  const operationLog = OperationLogStore.create(knex);
  const runs = ScanRunStore.create(knex);
  const settings = readScanSettings(new ConfigReader({}));
  let catalog = catalogServiceMock({ entities: syntheticAssets(entities) });
  const assetScanner: Scanner = {
    id: 'assets',
    run: ctx =>
      new AssetScanner({
        catalog,
        auth,
        clusterSources: [],
        store: assets,
        evidence,
        operationLog,
      }).run(ctx),
  };
  const complianceScanner: Scanner = {
    id: 'compliance',
    run: ctx =>
      new ComplianceScanner({
        catalog,
        auth,
        clusterSources: [],
        evidence,
        store: ComplianceStore.create(knex),
        operationLog,
        settings: settings.compliance,
      }).run(ctx),
  };
  const runner = new ScanRunner({
    store: runs,
    scanners: new Map([
      ['assets', assetScanner],
      ['compliance', complianceScanner],
    ]),
    schedules: settings.schedules,
    logger: silentLogger,
  });

  const first = await timed(runner, runs, 'assets');
  const unchanged = await timed(runner, runs, 'assets');
  // 1 % changed (new title), 1 % removed, 1 % added.
  const percent = Math.floor(entities / 100);
  const current = syntheticAssets(entities).slice(percent);
  for (const e of current.slice(0, percent))
    e.metadata.title = `${e.metadata.title} v2`;
  catalog = catalogServiceMock({
    entities: [...current, ...syntheticAssets(percent, 99, entities)],
  });
  const changed = await timed(runner, runs, 'assets');
  const compliance = await timed(runner, runs, 'compliance');
  const [{ n }] = await knex('asset_inventory').count({ n: '*' });
  return {
    engine,
    entities,
    firstScanMs: first.ms,
    unchangedScanMs: unchanged.ms,
    changedScanMs: changed.ms,
    complianceScanMs: compliance.ms,
    inventoryRows: Number(n),
    firstScanCounts: first.counts,
    changedScanCounts: changed.counts,
    underTarget: Math.max(first.ms, unchanged.ms, changed.ms) < TARGET_MS,
  };
}

/** Runs the benchmark on every available engine and returns its numbers. */
export async function runAssetsBench(
  entities = ENTITIES,
): Promise<AssetBenchResult[]> {
  const results: AssetBenchResult[] = [];
  for (const { engine, knex, drop } of await openDatabases()) {
    try {
      results.push(await benchOne(engine, knex, entities));
    } finally {
      await drop();
    }
  }
  return results;
}

export function formatAssetsBench(r: AssetBenchResult): string {
  return (
    `${r.engine}: ${r.entities} entities — first asset scan ${r.firstScanMs} ms, unchanged ${r.unchangedScanMs} ms, ` +
    `1 % changed/removed/added ${r.changedScanMs} ms, compliance scan ${r.complianceScanMs} ms ` +
    `(${r.inventoryRows} inventory rows; target < ${TARGET_MS} ms: ${
      r.underTarget ? 'met' : 'MISSED'
    })\n` +
    `  first: ${JSON.stringify(r.firstScanCounts)}\n  changed: ${JSON.stringify(
      r.changedScanCounts,
    )}`
  );
}

export function assetsFigures(r: AssetBenchResult): Figure[] {
  const scan = (what: string, value: number): Figure => ({
    label: `asset scan (${r.engine}, ${r.entities} entities) ${what}`,
    value,
    unit: 'ms',
    below: TARGET_MS,
  });
  return [
    scan('first', r.firstScanMs),
    scan('unchanged', r.unchangedScanMs),
    scan('1 % changed', r.changedScanMs),
  ];
}

if (require.main === module) {
  runAssetsBench().then(
    results => {
      for (const r of results)
        process.stdout.write(`${formatAssetsBench(r)}\n`);
      process.exit(results.every(r => r.underTarget) ? 0 : 1);
    },
    error => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}

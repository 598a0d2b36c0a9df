import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { Command } from 'commander';
import type { FinOpsReport } from '@awoooi/plugin-awoooi-common';
import { UsageError } from '../usage';
import {
  formatFinOpsReport,
  readFinOpsDocument,
  registerFinOpsCommand,
  runFinOps,
} from './finops';

const ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLE = path.join(ROOT, 'examples/finops-usage.json');
const BIN = path.join(ROOT, 'packages/cli/bin/awoooi');
const NOW = () => new Date('2026-11-25T02:00:00.000Z');

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-finops-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, JSON.stringify(value));
  return file;
}

async function example(): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(EXAMPLE, 'utf8'));
}

describe('awoooi finops on examples/finops-usage.json', () => {
  /*
   * Prices in the file: vCPU 0.0316/h, GiB 0.0042/h, storage 0.08/GiB-month,
   * m5.2xlarge 0.384/h → factor 0.384 / (7.91 × 0.0316 + 30.6 × 0.0042)
   * = 0.384 / 0.378476 = 1.014595.
   * - PVC search-index-reindex-2026-10: 200 GiB × 0.08 = 16.00
   * - zombie notification-worker (idle all 14 days, peak 0.0039 cores, 0.4475 GiB),
   *   on ip-10-0-3-17: CPU 1 − 0.0039 × 1.2 = 0.99532, memory 2 − 0.4475 × 1.2 = 1.463
   *   (0.99532 × 0.0316 + 1.463 × 0.0042) × 730 × 1.014595 = 27.846 → 27.85
   * - node ip-10-0-3-17 (80 % CPU requested, 22 %/24 % used), without the zombie:
   *   CPU (6.35 − 1) − (1.773 − 0.0039) × 1.2 = 3.22708,
   *   memory (15.6 − 2) − (7.209 − 0.4475) × 1.2 = 5.4862
   *   (3.22708 × 0.0316 + 5.4862 × 0.0042) × 730 × 1.014595 = 92.595 → 92.59
   * monthly 136.44; no node-resize action is configured, so the node is
   * freed (drain_node): realizable 16.00, freed 120.44, annual 16 × 12 = 192
   */
  it('reports the demo cluster’s waste as JSON', async () => {
    const report: FinOpsReport = JSON.parse(
      await runFinOps({ input: EXAMPLE, json: true }, NOW),
    );
    expect(report).toMatchObject({
      scope: 'demo',
      currency: 'USD',
      monthlyWaste: 136.44,
      realizable: 16,
      freed: 120.44,
      annual: 192,
      generatedAt: '2026-11-25T02:00:00.000Z',
    });
    expect(
      report.recommendations.map(r => [
        r.kind,
        r.resource,
        r.monthlyCost,
        r.risk,
        r.action,
      ]),
    ).toEqual([
      [
        'overprovisioned_node',
        'node/ip-10-0-3-17',
        92.59,
        'HIGH',
        'drain_node',
      ],
      [
        'zombie_pod',
        'deployment/shop/notification-worker',
        27.85,
        'MEDIUM',
        'scale_deployment',
      ],
      [
        'orphaned_pvc',
        'pvc/data/search-index-reindex-2026-10',
        16,
        'HIGH',
        'delete_pvc',
      ],
    ]);
  });

  it('prints totals and a table for people', async () => {
    const text = await runFinOps({ input: EXAMPLE }, NOW);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'FinOps report for cluster demo, 2026-11-25T02:00:00.000Z',
    );
    expect(lines.slice(2, 6)).toEqual([
      'Monthly waste  $136.44',
      '  realizable    $16.00  can be acted on now (delete volumes, resize nodes)',
      '  freed        $120.44  after a scale-down of idle workloads',
      'Annual         $192.00  realizable × 12, if all fixed',
    ]);
    expect(lines[7]).toBe('Recommendations (3)');
    expect(lines[8]).toMatch(
      /^#\s+MONTHLY\s+RISK\s+ACTION\s+RESOURCE\s+ENTITY$/,
    );
    expect(lines[9]).toMatch(
      /^1\s+\$92\.59\s+HIGH\s+drain_node\s+node\/ip-10-0-3-17\s+-$/,
    );
    expect(lines[10]).toContain('1 zombie pod counted separately');
    expect(lines[13]).toMatch(
      /^3\s+\$16\.00\s+HIGH\s+delete_pvc\s+pvc\/data\/search-index-reindex-2026-10\s+resource:default\/search-index$/,
    );
    expect(lines[14].trim()).toBe('200 GiB gp3 volume bound to no pod');
  });

  it('limits the table with --top', async () => {
    const text = await runFinOps({ input: EXAMPLE, top: '2' }, NOW);
    expect(text).toContain('Top 2 of 3 recommendations');
    expect(text).toContain('scale_deployment');
    expect(text).not.toContain('delete_pvc');
  });
});

describe('input handling', () => {
  it('uses the default prices when the file has none', async () => {
    const { prices, ...rest } = await example();
    const file = await writeJson('no-prices.json', rest);
    const document = await readFinOpsDocument(file);
    expect(document.defaultPrices).toBe(true);
    expect(document.prices.currency).toBe('USD');
    expect(document.prices.storageGibMonth).toBe(0.1);
    const text = await runFinOps({ input: file }, NOW);
    expect(text.split('\n')[0]).toBe(
      'FinOps report for cluster demo, 2026-11-25T02:00:00.000Z (default prices)',
    );
    // 200 GiB at the default 0.10 a GiB-month.
    expect(text).toMatch(/\$20\.00\s+HIGH\s+delete_pvc/);
  });

  it('is bad usage without --input', async () => {
    await expect(runFinOps({})).rejects.toThrow(
      new UsageError('missing --input <file>'),
    );
  });

  it('is bad usage with a --top that is not a positive whole number', async () => {
    for (const top of ['0', '-1', '2.5', 'ten']) {
      await expect(runFinOps({ input: EXAMPLE, top })).rejects.toBeInstanceOf(
        UsageError,
      );
    }
  });

  it('is a runtime error when the file cannot be read', async () => {
    const missing = path.join(dir, 'missing.json');
    const failure = runFinOps({ input: missing });
    await expect(failure).rejects.toThrow(`cannot read ${missing}: ENOENT`);
    await expect(failure).rejects.not.toBeInstanceOf(UsageError);
  });

  it('is bad usage when the file is not JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await fs.writeFile(file, '{ "cluster": ');
    await expect(runFinOps({ input: file })).rejects.toThrow(UsageError);
    await expect(runFinOps({ input: file })).rejects.toThrow(
      `${file} is not JSON:`,
    );
  });

  it('is bad usage when the shape is wrong, naming the field', async () => {
    const doc = await example();
    (doc.pods as any[])[3].cpuRequestCores = '500m';
    const file = await writeJson('bad-shape.json', doc);
    await expect(runFinOps({ input: file })).rejects.toThrow(
      new UsageError(
        `${file}: pods[3].cpuRequestCores: Expected number, received string`,
      ),
    );
  });
});

describe('formatFinOpsReport', () => {
  it('says so when there is nothing to save, in the report’s currency', () => {
    const text = formatFinOpsReport({
      scope: 'tidy',
      currency: 'EUR',
      monthlyWaste: 0,
      realizable: 0,
      freed: 0,
      annual: 0,
      recommendations: [],
      history: [],
      generatedAt: null,
    });
    expect(text).toContain('Monthly waste  €0.00');
    expect(text.trimEnd().split('\n').pop()).toBe('No waste found.');
    expect(text.split('\n')[0]).toBe('FinOps report for cluster tidy');
  });
});

describe('registerFinOpsCommand', () => {
  it('adds a `finops` command that prints the report', async () => {
    const program = new Command('awoooi').exitOverride();
    registerFinOpsCommand(program);
    const written: string[] = [];
    const spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: any) => {
        written.push(String(chunk));
        return true;
      });
    try {
      await program.parseAsync(['finops', '--input', EXAMPLE, '--json'], {
        from: 'user',
      });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written.join('')).monthlyWaste).toBe(136.44);
  });

  it('exits 0, 1 and 2 from the real binary', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'finops', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const ok = run('--input', EXAMPLE, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).annual).toBe(192);

    const usage = run();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('awoooi: missing --input <file>\n');

    const unreadable = run('--input', path.join(dir, 'nope.json'));
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toMatch(
      /^awoooi: cannot read .*nope\.json: ENOENT\n$/,
    );
  }, 120_000);
});

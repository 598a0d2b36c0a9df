/**
 * `awoooi finops --input <file> [--json] [--top <n>]`: the FinOps report of a
 * cluster from a JSON file, as a table or as the report object.
 *
 * The file holds `{ cluster, pvcs, pods, nodes, prices? }` (see
 * `examples/finops-usage.json`). Without `prices` the engine's defaults apply
 * (`DEFAULT_FINOPS_PRICES`: USD 0.0316 per vCPU-hour, 0.0042 per GiB-hour,
 * 0.10 per GiB-month of storage, and common m5/c5/r5 node types).
 */
import type { Command } from 'commander';
import { promises as fs } from 'fs';
import type {
  FinOpsRecommendation,
  FinOpsReport,
} from '@awoooi/plugin-awoooi-common';
import {
  DEFAULT_FINOPS_PRICES,
  FinOpsInput,
  FinOpsPrices,
  buildFinOpsReport,
  parseFinOpsDocument,
} from '@awoooi/plugin-awoooi-node';
import { UsageError } from '../usage';

export interface FinOpsCommandOptions {
  input?: string;
  json?: boolean;
  /** How many recommendations the table shows (default 10). */
  top?: string;
}

export interface FinOpsDocument {
  input: FinOpsInput;
  prices: FinOpsPrices;
  /** True when the file carried no prices and the defaults apply. */
  defaultPrices: boolean;
}

const DEFAULT_TOP = 10;

/** Reads and checks an input file: 1 when unreadable, 2 when not a valid input. */
export async function readFinOpsDocument(
  path: string,
): Promise<FinOpsDocument> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new Error(`cannot read ${path}: ${code ?? message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseFinOpsDocument(value);
  if (!parsed.success) {
    throw new UsageError(`${path}: ${parsed.error}`);
  }
  return {
    input: parsed.data.input,
    prices: parsed.data.prices ?? DEFAULT_FINOPS_PRICES,
    defaultPrices: !parsed.data.prices,
  };
}

function parseTop(top: string | undefined): number {
  if (top === undefined) return DEFAULT_TOP;
  if (!/^[1-9]\d*$/.test(top)) {
    throw new UsageError(`--top must be a positive whole number, got '${top}'`);
  }
  return Number(top);
}

function table(rows: string[][], rightAligned: number[]): string[] {
  const widths = rows[0].map((_, col) =>
    Math.max(...rows.map(row => row[col].length)),
  );
  return rows.map(row =>
    row
      .map((cell, col) =>
        rightAligned.includes(col)
          ? cell.padStart(widths[col])
          : cell.padEnd(widths[col]),
      )
      .join('  ')
      .trimEnd(),
  );
}

/** The totals block: the waste, what can be acted on, and the year. */
function totalsTable(report: FinOpsReport, money: Intl.NumberFormat) {
  return table(
    [
      ['Monthly waste', money.format(report.monthlyWaste), ''],
      [
        '  realizable',
        money.format(report.realizable),
        'can be acted on now (delete volumes, resize nodes)',
      ],
      [
        '  freed',
        money.format(report.freed),
        'after a scale-down of idle workloads',
      ],
      ['Annual', money.format(report.annual), 'realizable × 12, if all fixed'],
    ],
    [1],
  );
}

/** The shown recommendations as a table, each row followed by its detail. */
function recommendationLines(
  shown: FinOpsRecommendation[],
  money: Intl.NumberFormat,
): string[] {
  const rows = table(
    [
      ['#', 'MONTHLY', 'RISK', 'ACTION', 'RESOURCE', 'ENTITY'],
      ...shown.map((r, i) => [
        String(i + 1),
        money.format(r.monthlyCost),
        r.risk,
        r.action,
        r.resource,
        r.entityRef ?? '-',
      ]),
    ],
    [0, 1],
  );
  const lines = [rows[0]];
  shown.forEach((r, i) => {
    lines.push(rows[i + 1]);
    lines.push(`     ${r.detail}`);
  });
  return lines;
}

/** The report for a terminal: totals, then the most expensive recommendations. */
export function formatFinOpsReport(
  report: FinOpsReport,
  options: { top?: number; defaultPrices?: boolean } = {},
): string {
  const money = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: report.currency,
  });
  const top = options.top ?? DEFAULT_TOP;
  const when = report.generatedAt ? `, ${report.generatedAt}` : '';
  const priced = options.defaultPrices ? ' (default prices)' : '';
  const lines = [
    `FinOps report for cluster ${report.scope}${when}${priced}`,
    '',
    ...totalsTable(report, money),
    '',
  ];

  const shown: FinOpsRecommendation[] = report.recommendations.slice(0, top);
  if (shown.length === 0) {
    lines.push('No waste found.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    shown.length < report.recommendations.length
      ? `Top ${shown.length} of ${report.recommendations.length} recommendations`
      : `Recommendations (${shown.length})`,
  );
  lines.push(...recommendationLines(shown, money));
  return `${lines.join('\n')}\n`;
}

/** The command's work without the process around it: returns what it prints. */
export async function runFinOps(
  options: FinOpsCommandOptions,
  now: () => Date = () => new Date(),
): Promise<string> {
  if (!options.input) {
    throw new UsageError('missing --input <file>');
  }
  const top = parseTop(options.top);
  const { input, prices, defaultPrices } = await readFinOpsDocument(
    options.input,
  );
  const report = buildFinOpsReport(input, prices, {
    generatedAt: now().toISOString(),
  });
  if (options.json) {
    return `${JSON.stringify(report, null, 2)}\n`;
  }
  return formatFinOpsReport(report, { top, defaultPrices });
}

export function registerFinOpsCommand(program: Command): Command {
  return program
    .command('finops')
    .description(
      'FinOps waste of a cluster: orphaned volumes, zombie pods, over-provisioned nodes',
    )
    .option(
      '--input <file>',
      'JSON file with { cluster, pvcs, pods, nodes, prices? }',
    )
    .option('--json', 'print the report as JSON')
    .option('--top <n>', `recommendations to list (default ${DEFAULT_TOP})`)
    .action(async (options: FinOpsCommandOptions) => {
      process.stdout.write(await runFinOps(options));
    });
}

/**
 * Recorded metrics for `awoooi analyze --metrics`: a CSV with the header
 * `timestamp,entity,signal,value`, one sample per line.
 */
import { promises as fs } from 'fs';
import {
  MetricSample,
  MetricSeries,
  parseSignal,
} from '@awoooi/plugin-awoooi-node';
import { UsageError } from '../usage';

const HEADER = ['timestamp', 'entity', 'signal', 'value'];
const UNIX_SECONDS = /^\d+(\.\d+)?$/;
/** Values that stand for a missing sample (Prometheus and spreadsheets write these). */
const MISSING = new Set(['', 'nan', 'null', 'na']);

/** Unix seconds or ISO-8601 to epoch ms; NaN when neither. */
export function parseTime(text: string): number {
  const value = text.trim();
  if (UNIX_SECONDS.test(value)) return Number(value) * 1000;
  if (!/^\d{4}-\d\d-\d\d/.test(value)) return NaN;
  return Date.parse(value);
}

function cells(line: string): string[] {
  return line.split(',').map(cell => cell.trim().replace(/^"(.*)"$/, '$1'));
}

export interface ReadMetricsOptions {
  /** Full ref of an entity named in the file; throws UsageError when it cannot be resolved. */
  resolve: (entity: string) => string;
  /** Told about lines that are skipped, once per reason. */
  warn: (message: string) => void;
}

/** Parses the file into one series per (entity, signal). */
export async function readMetricsCsv(
  file: string,
  options: ReadMetricsOptions,
): Promise<MetricSeries[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read metrics file ${file}`);
  }
  const lines = text.split(/\r?\n/);
  const header = cells(lines[0] ?? '').map(c => c.toLowerCase());
  if (header.join(',') !== HEADER.join(',')) {
    throw new UsageError(`${file}: the first line must be ${HEADER.join(',')}`);
  }
  const series = new Map<string, MetricSeries & { samples: MetricSample[] }>();
  const refs = new Map<string, string | undefined>();
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (!warned.has(key)) options.warn(message);
    warned.add(key);
  };
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const row = cells(lines[i]);
    const where = `${file} line ${i + 1}`;
    if (row.length !== 4)
      throw new UsageError(`${where}: expected 4 fields, got ${row.length}`);
    const [time, entity, signal, raw] = row;
    const t = parseTime(time);
    if (Number.isNaN(t))
      throw new UsageError(
        `${where}: ${time} is neither unix seconds nor ISO-8601`,
      );
    if (MISSING.has(raw.toLowerCase())) continue;
    const v = Number(raw);
    if (!Number.isFinite(v))
      throw new UsageError(`${where}: ${raw} is not a number`);
    const info = parseSignal(signal);
    if (!info) {
      warnOnce(`signal ${signal}`, `ignoring unknown signal ${signal}`);
      continue;
    }
    if (!refs.has(entity))
      refs.set(entity, resolveOrWarn(entity, options, warnOnce));
    const entityRef = refs.get(entity);
    if (!entityRef) continue;
    const key = `${entityRef}\u0000${info.name}`;
    let entry = series.get(key);
    if (!entry) {
      entry = { entityRef, signal: info.name, samples: [] };
      series.set(key, entry);
    }
    entry.samples.push({ t, v });
  }
  return [...series.values()];
}

function resolveOrWarn(
  entity: string,
  options: ReadMetricsOptions,
  warnOnce: (key: string, message: string) => void,
): string | undefined {
  try {
    return options.resolve(entity);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warnOnce(
      `entity ${entity}`,
      `ignoring metrics of ${entity}: ${error.message}`,
    );
    return undefined;
  }
}

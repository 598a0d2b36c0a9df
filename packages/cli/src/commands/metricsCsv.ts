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
  const out = line.split(',');
  for (let i = 0; i < out.length; i++) {
    let cell = out[i].trim();
    if (cell.length >= 2 && cell[0] === '"' && cell[cell.length - 1] === '"') {
      cell = cell.slice(1, -1);
    }
    out[i] = cell;
  }
  return out;
}

export interface ReadMetricsOptions {
  /** Full ref of an entity named in the file; throws UsageError when it cannot be resolved. */
  resolve: (entity: string) => string;
  /** Told about lines that are skipped, once per reason. */
  warn: (message: string) => void;
}

interface Row {
  t: number;
  entity: string;
  signal: string;
  /** Undefined for a missing sample. */
  value: number | undefined;
}

function parseRow(line: string, where: () => string): Row {
  const row = cells(line);
  if (row.length !== 4) {
    throw new UsageError(`${where()}: expected 4 fields, got ${row.length}`);
  }
  const [time, entity, signal, raw] = row;
  const t = parseTime(time);
  if (Number.isNaN(t)) {
    throw new UsageError(
      `${where()}: ${time} is neither unix seconds nor ISO-8601`,
    );
  }
  if (raw === '' || MISSING.has(raw.toLowerCase())) {
    return { t, entity, signal, value: undefined };
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new UsageError(`${where()}: ${raw} is not a number`);
  }
  return { t, entity, signal, value };
}

/** Gathers rows into series; each entity and signal is resolved once. */
class SeriesCollector {
  private readonly byPair = new Map<string, MetricSample[] | null>();
  private readonly refs = new Map<string, string | undefined>();
  private readonly warned = new Set<string>();
  readonly series = new Map<string, MetricSeries>();

  constructor(private readonly options: ReadMetricsOptions) {}

  add(row: Row) {
    const pair = `${row.entity}\u0000${row.signal}`;
    let samples = this.byPair.get(pair);
    if (samples === undefined) {
      samples = this.open(row.entity, row.signal);
      this.byPair.set(pair, samples);
    }
    if (samples && row.value !== undefined) {
      samples.push({ t: row.t, v: row.value });
    }
  }

  private open(entity: string, signal: string): MetricSample[] | null {
    const info = parseSignal(signal);
    if (!info) {
      this.warnOnce(`signal ${signal}`, `ignoring unknown signal ${signal}`);
      return null;
    }
    if (!this.refs.has(entity)) this.refs.set(entity, this.resolve(entity));
    const entityRef = this.refs.get(entity);
    if (!entityRef) return null;
    // `db` and `resource:default/db` name the same series.
    const key = `${entityRef}\u0000${info.name}`;
    let entry = this.series.get(key);
    if (!entry) {
      entry = { entityRef, signal: info.name, samples: [] };
      this.series.set(key, entry);
    }
    return entry.samples as MetricSample[];
  }

  private resolve(entity: string): string | undefined {
    try {
      return this.options.resolve(entity);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      this.warnOnce(
        `entity ${entity}`,
        `ignoring metrics of ${entity}: ${error.message}`,
      );
      return undefined;
    }
  }

  private warnOnce(key: string, message: string) {
    if (!this.warned.has(key)) this.options.warn(message);
    this.warned.add(key);
  }
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
  const collector = new SeriesCollector(options);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    collector.add(parseRow(lines[i], () => `${file} line ${i + 1}`));
  }
  return [...collector.series.values()];
}

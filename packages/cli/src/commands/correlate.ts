/**
 * `awoooi correlate`: groups the alerts of Alertmanager webhooks into
 * incidents over a folder of catalog YAML, with the engine and the alert
 * mapping the backend uses.
 */
import { Command } from 'commander';
import { promises as fs } from 'fs';
import {
  AlertEntityIndex,
  CorrelationAlert,
  DEFAULT_CORRELATION_WINDOW_MS,
  DEFAULT_MAX_DEPTH,
  buildTopologyGraph,
  correlateAlerts,
  toEntityRef,
} from '@awoooi/plugin-awoooi-node';
import { UsageError } from '../usage';
import { loadCatalogFolder, parseMaxDepth } from './analyze';
import { parseDurationFlag } from './durationFlag';

export interface CorrelateOptions {
  catalog: string;
  alerts: string;
  maxDepth?: string;
  window?: string;
  json?: boolean;
}

interface WebhookAlert {
  labels: Record<string, string>;
  startsAt: string;
  fingerprint?: string;
}

/** `--window 10m`, `90s`, `PT10M`, `1h`: any duration Backstage config accepts. */
export function parseWindow(value: string | undefined): number {
  return parseDurationFlag('--window', value, DEFAULT_CORRELATION_WINDOW_MS);
}

/** The alerts of one webhook or of a JSON array of webhooks, in file order. */
export function readWebhookAlerts(text: string, file: string): WebhookAlert[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const webhooks = Array.isArray(parsed) ? parsed : [parsed];
  return webhooks.flatMap((webhook, w) => {
    const alerts = (webhook as { alerts?: unknown })?.alerts;
    if (!Array.isArray(alerts)) {
      throw new Error(`${file}: webhook ${w + 1} has no "alerts" list`);
    }
    return alerts.map((alert, a) =>
      checkAlert(alert, `${file}: webhook ${w + 1}, alert ${a + 1}`),
    );
  });
}

function checkAlert(value: unknown, where: string): WebhookAlert {
  const alert = value as Partial<WebhookAlert> | null;
  const labels = alert?.labels;
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new Error(`${where}: "labels" must be an object`);
  }
  if (Number.isNaN(Date.parse(String(alert.startsAt)))) {
    throw new Error(`${where}: "startsAt" must be a date`);
  }
  if (
    alert.fingerprint !== undefined &&
    typeof alert.fingerprint !== 'string'
  ) {
    throw new Error(`${where}: "fingerprint" must be a string`);
  }
  return alert as WebhookAlert;
}

/** A stable stand-in for alerts that carry no fingerprint: their labels. */
function labelsKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map(key => `${key}=${labels[key]}`)
    .join(',');
}

/** One entry per fingerprint (the first seen): re-sent alerts are one alert. */
export function toCorrelationAlerts(
  alerts: WebhookAlert[],
  index: AlertEntityIndex,
): CorrelationAlert[] {
  const byFingerprint = new Map<string, CorrelationAlert>();
  for (const alert of alerts) {
    const fingerprint = alert.fingerprint ?? labelsKey(alert.labels);
    if (byFingerprint.has(fingerprint)) continue;
    const mapped = index.map(alert.labels);
    byFingerprint.set(fingerprint, {
      fingerprint,
      entityRef: mapped === null ? null : toEntityRef(mapped) ?? mapped,
      startsAt: Date.parse(alert.startsAt),
    });
  }
  return [...byFingerprint.values()];
}

export async function runCorrelate(options: CorrelateOptions): Promise<string> {
  const maxDepth = parseMaxDepth(options.maxDepth);
  const windowMs = parseWindow(options.window);
  const entities = await loadCatalogFolder(options.catalog);
  let text: string;
  try {
    text = await fs.readFile(options.alerts, 'utf8');
  } catch {
    throw new UsageError(`cannot read alerts file ${options.alerts}`);
  }
  const alerts = toCorrelationAlerts(
    readWebhookAlerts(text, options.alerts),
    new AlertEntityIndex(entities),
  );
  const incidents = correlateAlerts(buildTopologyGraph(entities), alerts, {
    maxDepth,
    windowMs,
  });
  if (options.json) return JSON.stringify({ incidents }, null, 2);
  return formatIncidents(incidents, alerts.length);
}

function formatIncidents(
  incidents: ReturnType<typeof correlateAlerts>,
  alertCount: number,
): string {
  const lines = [`${alertCount} alerts → ${incidents.length} incidents`];
  incidents.forEach((incident, i) => {
    lines.push(
      '',
      `${i + 1}. root cause: ${incident.rootCause ?? 'none (unmapped alert)'}`,
      `   entities: ${incident.entities.join(', ') || '—'}`,
      `   alerts (${incident.alerts.length}): ${incident.alerts.join(', ')}`,
    );
  });
  return lines.join('\n');
}

export function registerCorrelateCommand(program: Command): void {
  program
    .command('correlate')
    .description(
      'Group the alerts of Alertmanager webhooks into incidents over catalog YAML',
    )
    .requiredOption('--catalog <folder>', 'folder of catalog YAML files')
    .requiredOption(
      '--alerts <file>',
      'an Alertmanager v4 webhook (JSON) or a JSON array of them',
    )
    .option(
      '--max-depth <n>',
      `hops between related entities (default ${DEFAULT_MAX_DEPTH})`,
    )
    .option(
      '--window <duration>',
      'largest gap between related alerts\u2019 start times (default 10m)',
    )
    .option('--json', 'print the incidents as JSON')
    .action(async (options: CorrelateOptions) => {
      process.stdout.write(`${await runCorrelate(options)}\n`);
    });
}

import {
  ALLOWED_ENDPOINTS_KEY,
  EndpointPolicy,
} from './compliance/endpointPolicy';
import type { Config } from '@backstage/config';
import {
  COMPLIANCE_DIMENSIONS,
  ComplianceDimension,
  ScanId,
} from '@awoooi/plugin-awoooi-common';
import {
  CapacityThresholds,
  DEFAULT_CAPACITY_THRESHOLDS,
  DEFAULT_FINOPS_PRICES,
  FinOpsOptions,
  FinOpsPrices,
  parseFinOpsPrices,
  readDurationMs,
} from '@awoooi/plugin-awoooi-node';
import { parseCron, ZonedCron } from './schedule/cron';

export const SCAN_IDS: readonly ScanId[] = [
  'capacity',
  'compliance',
  'assets',
  'rules',
  'finops',
];

const DEFAULT_CRON: Record<ScanId, string> = {
  capacity: '0 2 * * *',
  compliance: '0 3 * * *',
  assets: '0 * * * *',
  rules: '*/15 * * * *',
  finops: '0 4 * * *',
};
const DEFAULT_TIMEOUT_MINUTES: Record<ScanId, number> = {
  capacity: 10,
  compliance: 30,
  assets: 30,
  rules: 5,
  finops: 30,
};
export const DEFAULT_TIME_ZONE = 'Asia/Taipei';

const DAY_MS = 86_400_000;

export interface ScanSchedule {
  cron: ZonedCron;
  timeoutMs: number;
}

export interface ComplianceSettings {
  /** Relative weight of each dimension in the score. */
  weights: Record<ComplianceDimension, number>;
  /** A secret older than this is a warning, older than twice this a failure. */
  secretMaxAgeMs: number;
  /** A certificate expiring sooner than this is a warning. */
  certificateWarningMs: number;
  /** Evidence older than this is stale (a warning). */
  evidenceMaxAgeMs: Record<ComplianceDimension, number>;
  tlsTimeoutMs: number;
  /** Extra trusted CA certificates (PEM) for the TLS check, beside the system's. */
  tlsCa: string[];
  /** Where the TLS check of catalog-listed endpoints may connect. */
  allowedEndpoints: EndpointPolicy;
}

export interface FinOpsClusterSettings {
  /** Prometheus server with this cluster's container metrics. */
  prometheus?: string;
  /** Label matchers added to every container metric, e.g. `cluster="eu-1"`. */
  selector?: string;
}

export interface FinOpsSettings {
  prices: FinOpsPrices;
  options: Partial<FinOpsOptions>;
  /** Days of usage read per pod (default 7, one point a day). */
  days: number;
  clusters: Record<string, FinOpsClusterSettings>;
  /** Action (a cloud-specific runbook through MCP or the runner) that resizes a node. */
  nodeResizeAction?: string;
}

export interface ScanSettings {
  schedules: Record<ScanId, ScanSchedule>;
  capacity: {
    thresholds: CapacityThresholds;
    /** PromQL range the host figures are averaged over (default `1d`). */
    window: string;
  };
  compliance: ComplianceSettings;
  finops: FinOpsSettings;
}

export const DEFAULT_COMPLIANCE_WEIGHTS: Record<ComplianceDimension, number> = {
  secret_rotated: 15,
  ssl_cert_valid: 15,
  cve_scan: 20,
  backup_tested: 15,
  audit_log_enabled: 10,
  access_reviewed: 10,
  encryption_at_rest: 15,
};

export const DEFAULT_EVIDENCE_MAX_AGE_DAYS: Record<
  ComplianceDimension,
  number
> = {
  secret_rotated: 90,
  ssl_cert_valid: 30,
  cve_scan: 7,
  backup_tested: 30,
  audit_log_enabled: 90,
  access_reviewed: 90,
  encryption_at_rest: 180,
};

function readSchedules(config: Config): Record<ScanId, ScanSchedule> {
  const out = {} as Record<ScanId, ScanSchedule>;
  for (const id of SCAN_IDS) {
    const base = `awoooi.scans.${id}`;
    const cron = config.getOptionalString(`${base}.cron`) ?? DEFAULT_CRON[id];
    const zone =
      config.getOptionalString(`${base}.timeZone`) ??
      config.getOptionalString('awoooi.scans.timeZone') ??
      DEFAULT_TIME_ZONE;
    try {
      out[id] = {
        cron: parseCron(cron, zone),
        timeoutMs: readDurationMs(
          config,
          `${base}.timeout`,
          DEFAULT_TIMEOUT_MINUTES[id] * 60_000,
        ),
      };
    } catch (error) {
      throw new Error(`${base}: ${(error as Error).message}`);
    }
  }
  return out;
}

function readThresholds(config: Config): CapacityThresholds {
  const t = { ...DEFAULT_CAPACITY_THRESHOLDS };
  for (const key of Object.keys(t) as Array<keyof CapacityThresholds>) {
    const value = config.getOptionalNumber(
      `awoooi.scans.capacity.thresholds.${key}`,
    );
    if (value !== undefined) t[key] = value;
  }
  return t;
}

function readCompliance(config: Config): ComplianceSettings {
  const weights = { ...DEFAULT_COMPLIANCE_WEIGHTS };
  const evidenceMaxAgeMs = {} as Record<ComplianceDimension, number>;
  for (const d of COMPLIANCE_DIMENSIONS) {
    const weight = config.getOptionalNumber(`awoooi.compliance.weights.${d}`);
    if (weight !== undefined) {
      if (!(weight >= 0)) {
        throw new Error(`awoooi.compliance.weights.${d} must be 0 or more`);
      }
      weights[d] = weight;
    }
    evidenceMaxAgeMs[d] = readDurationMs(
      config,
      `awoooi.compliance.evidenceMaxAge.${d}`,
      DEFAULT_EVIDENCE_MAX_AGE_DAYS[d] * DAY_MS,
    );
  }
  const ca = config.getOptional('awoooi.compliance.tls.ca');
  return {
    weights,
    evidenceMaxAgeMs,
    secretMaxAgeMs: readDurationMs(
      config,
      'awoooi.compliance.secretMaxAge',
      90 * DAY_MS,
    ),
    certificateWarningMs: readDurationMs(
      config,
      'awoooi.compliance.certificateWarning',
      30 * DAY_MS,
    ),
    tlsTimeoutMs: readDurationMs(
      config,
      'awoooi.compliance.tls.timeout',
      5_000,
    ),
    tlsCa: Array.isArray(ca)
      ? config.getStringArray('awoooi.compliance.tls.ca')
      : [config.getOptionalString('awoooi.compliance.tls.ca') ?? []].flat(),
    allowedEndpoints: EndpointPolicy.fromEntries(
      config.getOptionalStringArray(ALLOWED_ENDPOINTS_KEY) ?? [],
    ),
  };
}

const FINOPS_OPTION_KEYS: Array<keyof FinOpsOptions> = [
  'bufferFactor',
  'zombieCpuRatio',
  'zombieMinDays',
  'nodeMinRequestedShare',
  'nodeMaxActualShare',
];

function readFinOps(config: Config): FinOpsSettings {
  let prices = DEFAULT_FINOPS_PRICES;
  const raw = config.getOptional('awoooi.finops.prices');
  if (raw !== undefined) {
    const parsed = parseFinOpsPrices(raw);
    if (!parsed.success) {
      throw new Error(`awoooi.finops.prices: ${parsed.error}`);
    }
    prices = parsed.data;
  }
  const options: Partial<FinOpsOptions> = {};
  for (const key of FINOPS_OPTION_KEYS) {
    const value = config.getOptionalNumber(`awoooi.finops.${key}`);
    if (value !== undefined) options[key] = value;
  }
  const clusters: Record<string, FinOpsClusterSettings> = {};
  for (const c of config.getOptionalConfigArray('awoooi.finops.clusters') ??
    []) {
    clusters[c.getString('name')] = {
      prometheus: c.getOptionalString('prometheus'),
      selector: c.getOptionalString('selector'),
    };
  }
  const days = config.getOptionalNumber('awoooi.finops.days') ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    throw new Error('awoooi.finops.days must be a whole number from 1 to 90');
  }
  const nodeResizeAction = config.getOptionalString(
    'awoooi.finops.nodeResizeAction',
  );
  return { prices, options, days, clusters, nodeResizeAction };
}

export function readScanSettings(config: Config): ScanSettings {
  const window =
    config.getOptionalString('awoooi.scans.capacity.window') ?? '1d';
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(window)) {
    throw new Error(
      `awoooi.scans.capacity.window '${window}' is not a PromQL duration (e.g. 1d, 6h, 30m)`,
    );
  }
  return {
    schedules: readSchedules(config),
    capacity: { thresholds: readThresholds(config), window },
    compliance: readCompliance(config),
    finops: readFinOps(config),
  };
}

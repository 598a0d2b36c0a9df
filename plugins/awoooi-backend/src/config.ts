import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DEFAULT_RUNBOOKS,
  readDurationMs,
  Runbook,
  readBodyLimit,
} from '@awoooi/plugin-awoooi-node';
import { Duration } from 'luxon';
import type { AnalysisSettings } from './analysis/AnalysisService';
import type { ProposalSettings } from './approval/types';
import {
  CorrelationSettings,
  DEFAULT_CORRELATION,
} from './database/IncidentCorrelator';
import { DEFAULT_TRUST_THRESHOLDS } from '@awoooi/plugin-awoooi-common';

function durationMs(config: Config, key: string, fallback: Duration): number {
  return readDurationMs(config, key, fallback.toMillis());
}

export interface AwoooiSettings {
  appBaseUrl: string;
  ingestSecret?: string;
  /** Largest accepted request body, in bytes or a unit string (`5mb`). */
  ingestBodyLimit: string | number;
  /** Service subjects that may send alerts; any service principal when unset. */
  ingestServices?: string[];
  /** Serve `/metrics` without a Backstage token. */
  metricsPublic: boolean;
  privacyKey?: string;
  analysis: AnalysisSettings;
  queue: { claimTimeoutMs: number; maxAttempts: number };
  correlation: CorrelationSettings;
  approval: ProposalSettings;
  queueSchedule: Pick<
    SchedulerServiceTaskScheduleDefinition,
    'frequency' | 'timeout' | 'initialDelay'
  >;
  graphRefreshSchedule: Pick<
    SchedulerServiceTaskScheduleDefinition,
    'frequency' | 'timeout' | 'initialDelay'
  >;
  /** How often open verification windows are checked. */
  verificationSchedule: Pick<
    SchedulerServiceTaskScheduleDefinition,
    'frequency' | 'timeout' | 'initialDelay'
  >;
}

/**
 * The verification window of each action: `awoooi.verification.window`
 * (default 10 min), or the action's own under
 * `awoooi.verification.actions.<action>.window`.
 */
export function readVerificationWindows(
  config: Config,
): (action: string) => number {
  const fallback = durationMs(
    config,
    'awoooi.verification.window',
    Duration.fromObject({ minutes: 10 }),
  );
  const perAction = new Map<string, number>();
  const actions = config.getOptionalConfig('awoooi.verification.actions');
  for (const action of actions?.keys() ?? []) {
    perAction.set(
      action,
      readDurationMs(actions!.getConfig(action), 'window', fallback),
    );
  }
  return action => perAction.get(action) ?? fallback;
}

function readRunbooks(config: Config): Runbook[] {
  const list = config.getOptionalConfigArray('awoooi.runbooks');
  if (!list) return DEFAULT_RUNBOOKS;
  return list.map(c => ({
    match: c.getString('match'),
    appliesTo: c.getOptionalString('appliesTo'),
    action: c.getString('action'),
    title: c.getString('title'),
    risk: c.getOptionalString('risk') as Runbook['risk'],
    params: c.getOptional('params') as Record<string, unknown> | undefined,
  }));
}

export function readSettings(config: Config): AwoooiSettings {
  const maxDepth =
    config.getOptionalNumber('awoooi.analysis.maxDepth') ??
    DEFAULT_CORRELATION.maxDepth;
  return {
    appBaseUrl: (
      config.getOptionalString('awoooi.notificationLinkBase') ??
      config.getOptionalString('app.baseUrl') ??
      'http://localhost:3000'
    ).replace(/\/$/, ''),
    ingestSecret: config.getOptionalString('awoooi.ingest.sharedSecret'),
    ingestBodyLimit: readBodyLimit(config),
    ingestServices: config.getOptionalStringArray(
      'awoooi.ingest.allowedServices',
    ),
    metricsPublic: config.getOptionalBoolean('awoooi.metrics.public') ?? false,
    privacyKey: config.getOptionalString('awoooi.privacy.encryptionKey'),
    analysis: {
      maxDepth,
      currency: config.getOptionalString('awoooi.currency') ?? 'USD',
      runbooks: readRunbooks(config),
      brainProvider:
        config.getOptionalString('awoooi.brain.provider') ?? 'deterministic',
    },
    queue: {
      claimTimeoutMs: durationMs(
        config,
        'awoooi.analysis.claimTimeout',
        Duration.fromObject({ minutes: 2 }),
      ),
      maxAttempts: config.getOptionalNumber('awoooi.analysis.maxAttempts') ?? 5,
    },
    correlation: {
      maxDepth,
      windowMs: readDurationMs(
        config,
        'awoooi.correlation.window',
        DEFAULT_CORRELATION.windowMs,
      ),
    },
    approval: readApprovalSettings(config),
    ...readSchedules(config),
  };
}

function readApprovalSettings(config: Config): ProposalSettings {
  return {
    expiryMs: durationMs(
      config,
      'awoooi.approval.expiry',
      Duration.fromObject({ hours: 1 }),
    ),
    trustThresholds: {
      high:
        config.getOptionalNumber('awoooi.approval.trust.high') ??
        DEFAULT_TRUST_THRESHOLDS.high,
      medium:
        config.getOptionalNumber('awoooi.approval.trust.medium') ??
        DEFAULT_TRUST_THRESHOLDS.medium,
    },
    patterns: config.getOptionalStringArray('awoooi.approval.patterns') ?? [],
    blastRadiusWarnAt:
      config.getOptionalNumber('awoooi.approval.blastRadiusWarnAt') ?? 5,
    executionTimeoutMs: durationMs(
      config,
      'awoooi.execution.timeout',
      Duration.fromObject({ minutes: 10 }),
    ),
    verificationWindowMs: readVerificationWindows(config),
  };
}

/** How often the backend's own scheduled tasks run. */
function readSchedules(
  config: Config,
): Pick<
  AwoooiSettings,
  'queueSchedule' | 'graphRefreshSchedule' | 'verificationSchedule'
> {
  const every = (key: string, fallback: Duration) => ({
    milliseconds: durationMs(config, key, fallback),
  });
  return {
    queueSchedule: {
      frequency: every(
        'awoooi.analysis.pollInterval',
        Duration.fromObject({ seconds: 5 }),
      ),
      timeout: { minutes: 10 },
      initialDelay: { seconds: 3 },
    },
    graphRefreshSchedule: {
      frequency: every(
        'awoooi.catalog.refreshInterval',
        Duration.fromObject({ seconds: 30 }),
      ),
      timeout: { minutes: 5 },
      initialDelay: { seconds: 1 },
    },
    verificationSchedule: {
      // Often enough that a recovered fix is VERIFIED within seconds, not at the window's end.
      frequency: every(
        'awoooi.verification.interval',
        Duration.fromObject({ seconds: 15 }),
      ),
      timeout: { minutes: 5 },
      initialDelay: { seconds: 5 },
    },
  };
}

/**
 * Secrets this repository's app-config.yaml commits for local development.
 * Anyone can read them, so a production backend must not run with them.
 */
export const DEVELOPMENT_SECRETS: readonly string[] = [
  'local-dev-ingest-secret',
  'local-dev-privacy-key-change-me-0123456789',
];

/** Throws one line naming each unsafe secret when NODE_ENV is production. */
export function assertProductionSecrets(
  settings: Pick<AwoooiSettings, 'ingestSecret' | 'privacyKey'>,
  nodeEnv = process.env.NODE_ENV,
) {
  if (nodeEnv !== 'production') return;
  const problems: string[] = [];
  const committed = (value?: string) =>
    value !== undefined && DEVELOPMENT_SECRETS.includes(value);
  if (committed(settings.ingestSecret))
    problems.push(
      'awoooi.ingest.sharedSecret is a committed development default',
    );
  if (committed(settings.privacyKey))
    problems.push(
      'awoooi.privacy.encryptionKey is a committed development default',
    );
  else if (settings.privacyKey !== undefined && settings.privacyKey.length < 32)
    problems.push('awoooi.privacy.encryptionKey is shorter than 32 characters');
  if (problems.length) {
    throw new Error(
      `AWOOOI refuses to start in production: ${problems.join('; ')}`,
    );
  }
}

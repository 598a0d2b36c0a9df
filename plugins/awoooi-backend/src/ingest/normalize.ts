import type { Severity } from '@awoooi/plugin-awoooi-common';
import type { NormalizedAlert } from '../domain';
import {
  sha256Hex,
  type AlertEntityIndex,
  type AlertmanagerPayload,
  type GenericAlert,
} from '@awoooi/plugin-awoooi-node';

// A Map, not an object literal: a label such as `constructor` or `__proto__`
// must not find Object.prototype's members.
const SEVERITY_ALIASES = new Map<string, Severity>(
  Object.entries({
    critical: 'critical',
    page: 'critical',
    fatal: 'critical',
    emergency: 'critical',
    high: 'high',
    error: 'high',
    major: 'high',
    warning: 'warning',
    warn: 'warning',
    minor: 'warning',
    info: 'info',
    informational: 'info',
    none: 'info',
  } satisfies Record<string, Severity>),
);

/** The severity a sender's word means; unknown words are warnings. */
export function severityOf(label: string | undefined): Severity {
  return (
    SEVERITY_ALIASES.get((label ?? '').toLocaleLowerCase('en-US')) ?? 'warning'
  );
}

function sortedEntries(record: Record<string, string>) {
  return Object.keys(record)
    .sort()
    .map(k => [k, record[k]]);
}

export function contentHash(a: Omit<NormalizedAlert, 'contentHash'>) {
  return sha256Hex(
    JSON.stringify([
      a.status,
      a.severity,
      a.title,
      sortedEntries(a.labels),
      sortedEntries(a.annotations),
      a.entityRef,
      a.startsAt,
      a.endsAt,
    ]),
  );
}

/** Alertmanager sends `0001-01-01T00:00:00Z` for "no end yet". */
function endOf(endsAt: string | undefined): string | null {
  if (!endsAt || endsAt.startsWith('0001-')) return null;
  const date = new Date(endsAt);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function normalizeAlertmanager(
  payload: AlertmanagerPayload,
  index: AlertEntityIndex,
): NormalizedAlert[] {
  return payload.alerts.map(alert => {
    const base = {
      fingerprint: `am:${alert.fingerprint}`,
      source: 'alertmanager' as const,
      status: alert.status,
      severity: severityOf(alert.labels.severity),
      title: alert.annotations.summary ?? alert.labels.alertname,
      labels: alert.labels,
      annotations: alert.annotations,
      groupKey: alert.labels.alertname,
      entityRef: index.map(alert.labels),
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt:
        alert.status === 'resolved'
          ? endOf(alert.endsAt) ?? new Date().toISOString()
          : null,
    };
    return { ...base, contentHash: contentHash(base) };
  });
}

export function normalizeGeneric(
  alerts: GenericAlert[],
  index: AlertEntityIndex,
  source: 'webhook' | 'kafka',
): NormalizedAlert[] {
  return alerts.map(alert => {
    const annotations = { ...alert.annotations };
    if (alert.description) annotations.description = alert.description;
    const entityRef = index.map(alert.labels, alert.entityRef);
    const fingerprint =
      alert.fingerprint ??
      sha256Hex(
        JSON.stringify([
          alert.title,
          sortedEntries(alert.labels),
          alert.entityRef ?? null,
        ]),
      ).slice(0, 32);
    const base = {
      fingerprint: `${source === 'kafka' ? 'webhook' : source}:${fingerprint}`,
      source,
      status: alert.status,
      severity: severityOf(alert.severity),
      title: alert.title,
      labels: alert.labels,
      annotations,
      groupKey: alert.labels.alertname ?? alert.title,
      entityRef,
      // A generic alert without a start time started when its fingerprint first arrived;
      // the hash leaves it out so a re-sent alert stays unchanged.
      startsAt: alert.startsAt ? new Date(alert.startsAt).toISOString() : '',
      endsAt: null,
    };
    return { ...base, contentHash: contentHash(base) };
  });
}

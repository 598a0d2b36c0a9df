import type { Incident } from '@awoooi/plugin-awoooi-common';
import type { NormalizedAlert } from '../domain';
import type { Merge } from './IncidentCorrelator';
import { rowToIncident } from './incidentRows';
import type { AlertRow } from './rows';

/**
 * What one ingest transaction did: the senders' summaries, the operation
 * log, signals and notifications are told from it after the commit.
 */
export interface IngestOutcome {
  received: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  opened: Incident[];
  escalated: Incident[];
  resolved: Incident[];
  /** Incidents absorbed by another incident of the same outage. */
  merged: Array<{ absorbed: Incident; survivor: Incident }>;
  /** Open incidents whose root cause moved as alerts joined them. */
  regrouped: Incident[];
  /** Per fingerprint: what ingesting did to the alert, and its incident. */
  alerts: Map<string, AlertIngested>;
}

export interface AlertIngested {
  change: 'created' | 'updated' | 'unchanged';
  incidentId: string | null;
}

export function emptyOutcome(received: number): IngestOutcome {
  return {
    received,
    created: 0,
    updated: 0,
    unchanged: 0,
    unmapped: 0,
    opened: [],
    escalated: [],
    resolved: [],
    merged: [],
    regrouped: [],
    alerts: new Map(),
  };
}

/** A merge as the outcome reports it: the absorbed incident is `merged`. */
export function mergeOutcome(m: Merge) {
  return {
    absorbed: rowToIncident({ ...m.absorbed, state: 'merged' }),
    survivor: rowToIncident(m.survivor),
  };
}

/** Whether the stored alert says what the sender says now. */
export function isUnchanged(
  alert: NormalizedAlert,
  existing: Map<string, AlertRow>,
) {
  return existing.get(alert.fingerprint)?.content_hash === alert.contentHash;
}

/** Counts re-sent identical alerts (they change nothing) and returns the rest. */
export function sortOutUnchanged(
  alerts: Iterable<NormalizedAlert>,
  existing: Map<string, AlertRow>,
  outcome: IngestOutcome,
): NormalizedAlert[] {
  const changed: NormalizedAlert[] = [];
  for (const alert of alerts) {
    if (isUnchanged(alert, existing)) {
      outcome.unchanged++;
      outcome.alerts.set(alert.fingerprint, {
        change: 'unchanged',
        incidentId: existing.get(alert.fingerprint)!.incident_id ?? null,
      });
    } else changed.push(alert);
  }
  return changed;
}

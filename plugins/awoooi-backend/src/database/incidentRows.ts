import type {
  AnalysisState,
  Alert,
  Incident,
} from '@awoooi/plugin-awoooi-common';
import { Db, parseJson, toIso, toIsoOrNull } from '@awoooi/plugin-awoooi-node';
import type { AlertRow, IncidentRowWithCounts } from './rows';

/**
 * Asks for a fresh analysis. The version bump makes a worker still running
 * the previous one lose its claim: its final conditional update finds a
 * newer version, so it can neither mark the incident done nor store its
 * (now outdated) analysis, and the re-queued one is not lost.
 */
export function requeuedAnalysis(db: Db) {
  return {
    analysis_state: 'pending' as AnalysisState,
    analysis_attempts: 0,
    analysis_version: db.raw('analysis_version + 1'),
  };
}

export function rowToIncident(r: IncidentRowWithCounts): Incident {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    groupKey: r.group_key,
    title: r.title,
    severity: r.severity,
    state: r.state,
    analysisState: r.analysis_state,
    firingAlerts: Number(r.firing_alerts ?? 0),
    totalAlerts: Number(r.total_alerts ?? 0),
    openedAt: toIso(r.opened_at),
    resolvedAt: toIsoOrNull(r.resolved_at),
    updatedAt: toIso(r.updated_at),
    costPerHour: r.cost_per_hour === null ? null : Number(r.cost_per_hour),
    mergedInto: r.merged_into ?? null,
  };
}

export function rowToAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    source: r.source,
    status: r.status,
    severity: r.severity,
    title: r.title,
    labels: parseJson(r.labels, {}),
    entityRef: r.entity_ref,
    incidentId: r.incident_id,
    startsAt: toIso(r.starts_at),
    endsAt: toIsoOrNull(r.ends_at),
    receivedAt: toIso(r.received_at),
    updatedAt: toIso(r.updated_at),
  };
}

import type {
  Incident,
  IncidentReport,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import type { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import {
  shieldIncident,
  shieldLogEntry,
  shieldProposal,
} from '../actions/shield';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { ProposalStore } from '../database/ProposalStore';
import { redactAlerts } from '../privacy/redactAlerts';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import { buildIncidentReport, ReportSources } from './buildIncidentReport';

export interface ReportDeps {
  incidents: IncidentStore;
  analyses: AnalysisStore;
  operationLog: OperationLogStore;
  proposalStore: ProposalStore;
  vault: PrivacyVault;
}

function shieldFix(scope: PrivacyScope, p: Proposal): Proposal {
  const v = p.verification;
  return {
    ...shieldProposal(scope, p),
    verification: v && {
      ...v,
      detail: v.detail === null ? null : scope.redact(v.detail).text,
    },
  };
}

/**
 * The report of an incident the caller may read, from its stored record,
 * all text through the incident's Privacy-Shield scope. The first report of
 * a resolved incident is recorded in the operation log as `report_generated`.
 */
export async function loadIncidentReport(
  deps: ReportDeps,
  incident: Incident,
  now = new Date(),
): Promise<IncidentReport> {
  return reportFrom(
    deps,
    incident,
    await loadReportSources(deps, incident, now),
  );
}

/** What a report is built from: the incident's record, through its scope. */
export async function loadReportSources(
  deps: ReportDeps,
  incident: Incident,
  now = new Date(),
): Promise<ReportSources> {
  const [rawAlerts, log, analysis, proposals] = await Promise.all([
    deps.incidents.listAlerts(incident.id),
    deps.operationLog.list({ incidentId: incident.id, limit: 1000 }),
    deps.analyses.getAnalysis(incident.id),
    deps.proposalStore.list({ incidentId: incident.id }),
  ]);
  const alerts = await redactAlerts(deps.vault, incident.id, rawAlerts);
  const shielded = await deps.vault.withScope(incident.id, s => ({
    incident: shieldIncident(s, incident),
    log: log.map(e => shieldLogEntry(s, e)),
    proposals: proposals.map(p => shieldFix(s, p)),
  }));
  return { ...shielded, alerts, analysis, now };
}

/** The report from its sources; the first one of a resolved incident is logged. */
export async function reportFrom(
  deps: ReportDeps,
  incident: Incident,
  sources: ReportSources,
): Promise<IncidentReport> {
  const report = buildIncidentReport(sources);
  if (incident.state === 'resolved') await recordFirstReport(deps, incident);
  return report;
}

async function recordFirstReport(deps: ReportDeps, incident: Incident) {
  const earlier = await deps.operationLog.list({
    incidentId: incident.id,
    opType: 'report_generated',
    limit: 1,
  });
  if (earlier.length) return;
  await deps.operationLog.append({
    opType: 'report_generated',
    actor: 'awoooi:report',
    entityRef: incident.entityRef,
    incidentId: incident.id,
    details: { resolvedAt: incident.resolvedAt },
  });
}

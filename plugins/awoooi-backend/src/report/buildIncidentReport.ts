import type {
  Alert,
  Incident,
  IncidentAnalysis,
  IncidentReport,
  OperationLogEntry,
  Proposal,
  ReportDurations,
  ReportTimelineEntry,
} from '@awoooi/plugin-awoooi-common';
import { describeLogEntry } from './describeLogEntry';

/** Everything a report is made from, already Privacy-Shield output. */
export interface ReportSources {
  incident: Incident;
  alerts: Alert[];
  /** The incident's operation log, any order. */
  log: OperationLogEntry[];
  analysis: IncidentAnalysis | null;
  proposals: Proposal[];
  now: Date;
}

const ms = (iso: string | null | undefined) =>
  iso ? Date.parse(iso) : Number.NaN;

function span(from: string | null | undefined, to: string | null | undefined) {
  const d = ms(to) - ms(from);
  return Number.isFinite(d) ? Math.max(0, d) : null;
}

function alertEntries(alerts: Alert[]): ReportTimelineEntry[] {
  return alerts.flatMap(a => [
    {
      at: a.startsAt,
      kind: 'alert_fired',
      actor: a.source,
      summary: `${a.title} fired on ${a.entityRef ?? 'an unmapped entity'}`,
    },
    ...(a.status === 'resolved' && a.endsAt
      ? [
          {
            at: a.endsAt,
            kind: 'alert_resolved',
            actor: a.source,
            summary: `${a.title} resolved`,
          },
        ]
      : []),
  ]);
}

/** The fix the report judges: the last one that ran, else the last one proposed. */
function mainFix(proposals: Proposal[]): Proposal | undefined {
  const byTime = [...proposals].sort(
    (a, b) => ms(a.createdAt) - ms(b.createdAt),
  );
  return byTime.filter(p => p.result).pop() ?? byTime.pop();
}

/** When the fix had all the signatures it needed: its last one, or its proposal if it needed none. */
function approvedAt(p: Proposal): string | null {
  if (p.required.count === 0) return p.result ? p.createdAt : null;
  const approvals = p.signatures.filter(s => s.decision === 'approve');
  if (approvals.length === 0 || !p.result) return null;
  return approvals[approvals.length - 1].at;
}

function durations(
  s: ReportSources,
  firstAlertAt: string | null,
): ReportDurations {
  const fix = mainFix(s.proposals);
  const approved = fix ? approvedAt(fix) : null;
  return {
    detectMs: span(firstAlertAt, s.incident.openedAt),
    analyseMs: span(s.incident.openedAt, s.analysis?.createdAt),
    approveMs: fix ? span(fix.createdAt, approved) : null,
    executeMs: fix ? span(approved, fix.result?.at) : null,
    recoverMs: span(firstAlertAt, s.incident.resolvedAt),
  };
}

function moneyBurnt(s: ReportSources, firstAlertAt: string | null) {
  const perHour = s.analysis?.costPerHour ?? s.incident.costPerHour;
  const end = s.incident.resolvedAt ?? s.now.toISOString();
  const duration = span(firstAlertAt ?? s.incident.openedAt, end);
  if (perHour === null || perHour === undefined || duration === null)
    return null;
  const hours = duration / 3_600_000;
  return {
    amount: Math.round(perHour * hours * 100) / 100,
    currency: s.analysis?.currency ?? 'USD',
    perHour,
    hours: Math.round(hours * 1000) / 1000,
  };
}

/**
 * An incident's report from its stored record: the timeline (alerts and the
 * operation log), the top root cause with its evidence, the blast radius,
 * how long each phase took, the money burnt (burn rate × duration) and
 * whether the fix worked.
 */
export function buildIncidentReport(s: ReportSources): IncidentReport {
  const firstAlertAt =
    s.alerts.map(a => a.startsAt).sort()[0] ?? s.incident.openedAt;
  const timeline = [
    ...alertEntries(s.alerts),
    ...s.log.map(describeLogEntry),
  ].sort((a, b) => ms(a.at) - ms(b.at));
  const top = s.analysis?.rootCauses[0];
  const fixes = s.proposals.map(p => ({
    proposalId: p.id,
    title: p.title,
    action: p.action,
    target: p.target,
    state: p.state,
    outcome: p.verification?.outcome ?? null,
    outcomeDetail: p.verification?.detail ?? null,
  }));
  return {
    incident: s.incident,
    generatedAt: s.now.toISOString(),
    timeline,
    rootCause: top
      ? { entityRef: top.entityRef, path: top.path, evidence: top.evidence }
      : null,
    blastRadius: s.analysis?.blastRadius ?? [],
    durations: durations(s, firstAlertAt),
    moneyBurnt: moneyBurnt(s, firstAlertAt),
    fixes,
    outcome: mainFix(s.proposals)?.verification?.outcome ?? null,
  };
}

import type {
  OperationLogEntry,
  ReportTimelineEntry,
} from '@awoooi/plugin-awoooi-common';

type Details = Record<string, any>;

const list = (value: unknown) =>
  Array.isArray(value) && value.length ? value.join(', ') : 'none';

/** How each step of the pipeline reads in a report's timeline. */
const SUMMARIES: Record<string, (d: Details) => string> = {
  incident_opened: d => `incident opened (${d.severity ?? 'unknown severity'})`,
  incident_escalated: d => `escalated to ${d.severity}`,
  incident_merged: () => 'merged with another incident of the same outage',
  incident_analyzed: d =>
    `analysed: root cause ${list(d.rootCauses)}; blast radius ${
      d.blastRadius ?? 0
    }`,
  proposal_created: d =>
    `fix proposed: ${d.action} on ${d.target} (${d.risk}, ${d.requiredSignatures} signature(s) needed)`,
  dry_run: d => `dry-run ${d.ok ? 'passed' : 'found a problem'}`,
  signature: d => `approved as ${d.role}`,
  proposal_rejected: d => `rejected as ${d.role}`,
  proposal_voided: d => `voided: ${d.reason}`,
  proposal_expired: () => 'expired before enough signatures',
  execute_start: d => `execution started: ${d.action} on ${d.target}`,
  execute_end: d =>
    `execution ${d.ok ? 'succeeded' : `ended ${d.state ?? 'FAILED'}`}: ${
      d.detail
    }`,
  verification: d => `fix ${d.outcome}: ${d.detail}`,
  trust_changed: d => `trust of ${d.pattern} is now ${d.score}`,
  rollback_proposed: d => `rollback proposed (${d.action})`,
  incident_resolved: () => 'incident resolved',
  report_generated: () => 'report generated',
};

/** One operation-log entry as a line of the report's timeline. */
export function describeLogEntry(e: OperationLogEntry): ReportTimelineEntry {
  const describe = SUMMARIES[e.opType];
  return {
    at: e.at,
    kind: e.opType,
    actor: e.actor,
    summary: describe ? describe(e.details) : e.opType.replace(/_/g, ' '),
  };
}

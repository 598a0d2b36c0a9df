import type {
  BlastRadiusEntry,
  Incident,
  ProposalState,
  VerificationOutcome,
} from './types';

/** One line of an incident's story, oldest first. */
export interface ReportTimelineEntry {
  at: string;
  /** The operation-log type (`incident_opened`, `signature`, …) or `alert_fired` / `alert_resolved`. */
  kind: string;
  actor: string;
  /** What happened, in a few words (Privacy-Shield output). */
  summary: string;
}

/** Milliseconds each phase took; null when the phase did not happen (yet). */
export interface ReportDurations {
  /** First alert firing → incident opened. */
  detectMs: number | null;
  /** Incident opened → analysis stored. */
  analyseMs: number | null;
  /** Fix proposed → its last required signature (0 when it needed none). */
  approveMs: number | null;
  /** Approved → execution finished. */
  executeMs: number | null;
  /** First alert firing → incident resolved. */
  recoverMs: number | null;
}

/** A fix the incident had, and how it ended. */
export interface ReportFix {
  proposalId: string;
  title: string;
  action: string;
  target: string;
  state: ProposalState;
  outcome: VerificationOutcome | null;
  outcomeDetail: string | null;
}

/** The report of one incident: what happened, why, what it cost and whether the fix worked. */
export interface IncidentReport {
  incident: Incident;
  generatedAt: string;
  timeline: ReportTimelineEntry[];
  rootCause: { entityRef: string; path: string[]; evidence: string[] } | null;
  blastRadius: BlastRadiusEntry[];
  durations: ReportDurations;
  /** Burn rate × the incident's duration; null when nothing declares a cost. */
  moneyBurnt: {
    amount: number;
    currency: string;
    perHour: number;
    hours: number;
  } | null;
  fixes: ReportFix[];
  /** The outcome of the last executed fix; null when none was executed or it is still verifying. */
  outcome: VerificationOutcome | null;
}

/** A report's duration for people: `45 s`, `12 min 5 s`, `3 h 20 min`, or `—` when absent. */
export function formatReportDuration(value: number | null): string {
  if (value === null) return '—';
  const seconds = Math.round(value / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The phases a report times, in order, with their labels. */
export const REPORT_PHASES: ReadonlyArray<[keyof ReportDurations, string]> = [
  ['detectMs', 'Detect'],
  ['analyseMs', 'Analyse'],
  ['approveMs', 'Approve'],
  ['executeMs', 'Execute'],
  ['recoverMs', 'Recover'],
];

/** Mean time to recover of the incidents resolved on one day (UTC). */
export interface MttrPoint {
  /** `YYYY-MM-DD`. */
  day: string;
  incidents: number;
  mttrMs: number;
}

/** How the executed fixes of one action pattern turned out. */
export interface PatternOutcomes {
  pattern: string;
  verified: number;
  ineffective: number;
  regressed: number;
  /** Verified ÷ decided; null before any outcome. */
  verifiedRate: number | null;
}

/** GET /outcomes: the overview's MTTR trend and verified-fix rate per pattern. */
export interface OutcomesOverview {
  mttr: MttrPoint[];
  patterns: PatternOutcomes[];
}

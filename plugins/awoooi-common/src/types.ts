import type {
  ApproverRole,
  RiskLevel,
  SignatureRequirement,
  TrustThresholds,
} from './risk/types';

export type AlertSource = 'alertmanager' | 'webhook' | 'kafka';
export type AlertStatus = 'firing' | 'resolved';
export type Severity = 'critical' | 'high' | 'warning' | 'info';

/** One alert as AWOOOI stores it. Text fields are Privacy-Shield output. */
export interface Alert {
  id: string;
  fingerprint: string;
  source: AlertSource;
  status: AlertStatus;
  severity: Severity;
  title: string;
  labels: Record<string, string>;
  entityRef: string | null;
  incidentId: string | null;
  startsAt: string;
  endsAt: string | null;
  receivedAt: string;
  updatedAt: string;
}

/** `merged`: absorbed into another incident of the same outage (see `mergedInto`). */
export type IncidentState = 'open' | 'resolved' | 'merged';

/** An entity an incident affects, and where it stands relative to the root cause. */
export interface IncidentEntity {
  entityRef: string;
  /** Hops from this entity down to the incident's root cause; null when not above it. */
  hopsToRootCause: number | null;
}
export type AnalysisState = 'pending' | 'running' | 'done' | 'failed';

export interface Incident {
  id: string;
  entityRef: string;
  /** Alert group: the alertname (or title) the incident gathers. */
  groupKey: string;
  title: string;
  severity: Severity;
  state: IncidentState;
  analysisState: AnalysisState;
  firingAlerts: number;
  totalAlerts: number;
  openedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  /** Burn rate from the latest analysis ($/h), null when nothing declares a cost. */
  costPerHour: number | null;
  /** Every entity with an alert in the incident (the root cause `entityRef` included). */
  entities?: IncidentEntity[];
  /** The incident this one was merged into, when `state` is `merged`. */
  mergedInto?: string | null;
}

export type RootCausePriority =
  | 'database'
  | 'cache'
  | 'queue'
  | 'resource'
  | 'service';

export interface RootCause {
  entityRef: string;
  rank: number;
  priority: RootCausePriority;
  distance: number;
  /** True when another unhealthy candidate lies below it (its trouble is explained). */
  symptom: boolean;
  /** Entity refs from the alerting entity to this one, both included. */
  path: string[];
  evidence: string[];
  /** Anomalous metric signals of this entity, strongest first; absent without any. */
  anomalies?: MetricAnomaly[];
}

/** An entity's signal that left its usual range (metric evidence: judged against the entity's own history). */
export interface MetricAnomaly {
  /** `latency.p90`, `availability`, `errors`, `requests`, `saturation`, `cpu`, `memory`. */
  signal: string;
  /** Robust z-score of the sustained deviation; higher is stronger. */
  score: number;
  /** When the deviation began (ISO-8601). */
  onset: string;
  /** The usual value at the onset and the value since (availability as a fraction). */
  baseline: number;
  value: number;
  direction: 'up' | 'down';
  /** Recent values (history, then the incident window from `windowStart` on) for a sparkline. */
  sparkline?: { values: number[]; windowStart: number };
}

export interface BlastRadiusEntry {
  entityRef: string;
  distance: number;
  /** Entity refs from the alerting entity up to this one, both included. */
  path: string[];
}

/** A fix the brain suggests; the approval pipeline turns it into a proposal. */
export interface Remediation {
  action: string;
  /** Executor-specific target, e.g. `deployment/prod/order-api`. */
  target: string;
  entityRef: string;
  params: Record<string, unknown>;
  risk: RiskLevel;
  title: string;
  rationale: string;
}

export interface IncidentAnalysis {
  incidentId: string;
  brain: string;
  narrative: string;
  rootCauses: RootCause[];
  blastRadius: BlastRadiusEntry[];
  costPerHour: number | null;
  currency: string;
  entitiesWalked: number;
  remediations: Remediation[];
  /** Fallbacks and caveats, e.g. "model answer invalid; deterministic result used". */
  notes: string[];
  createdAt: string;
}

export type TranscriptKind = 'step' | 'token' | 'note' | 'error' | 'done';

export interface TranscriptLine {
  seq: number;
  at: string;
  kind: TranscriptKind;
  text: string;
}

/** The signal published on `awoooi:incident:<id>` for the thinking terminal. */
export interface IncidentSignal {
  [key: string]: unknown;
  incidentId: string;
  line?: TranscriptLine;
  type: 'transcript' | 'analysis' | 'proposal' | 'state';
}

export type ProposalState =
  | 'PENDING'
  | 'BLOCKED'
  | 'EXECUTING'
  | 'EXECUTED'
  | 'FAILED'
  /** Ended without an outcome (crash, timeout): the action may or may not have taken effect. */
  | 'UNKNOWN'
  | 'REJECTED'
  | 'VOIDED'
  | 'EXPIRED';

export type DryRunOutcome = 'pass' | 'warn' | 'fail';

export interface DryRunCheck {
  name: string;
  outcome: DryRunOutcome;
  detail: string;
}

export interface DryRunResult {
  at: string;
  ok: boolean;
  checks: DryRunCheck[];
  /** Digest of the state the checks read (resourceVersions, replica counts). */
  fingerprint: string;
  state: Record<string, unknown>;
}

export interface Signature {
  userRef: string;
  role: ApproverRole;
  decision: 'approve' | 'reject';
  comment: string;
  at: string;
}

export interface Proposal {
  id: string;
  incidentId: string | null;
  source: 'incident' | 'finops' | 'manual';
  action: string;
  executor: string;
  target: string;
  entityRef: string;
  /** Parameters as stored: Privacy-Shield output; real values only at the executor. */
  params: Record<string, unknown>;
  title: string;
  baseRisk: RiskLevel;
  risk: RiskLevel;
  pattern: string;
  trustScore: number;
  required: SignatureRequirement;
  state: ProposalState;
  proposedBy: string;
  createdAt: string;
  expiresAt: string;
  dryRun: DryRunResult | null;
  preExecutionDryRun: DryRunResult | null;
  signatures: Signature[];
  result: { ok: boolean; detail: string; at: string } | null;
  reason: string | null;
  blastRadius: BlastRadiusEntry[];
  /** How the fix was judged after it ran; absent until it is EXECUTED. */
  verification?: ProposalVerification | null;
  /** The pattern's trust now (the score above is the one it was proposed with). */
  trust?: PatternTrust | null;
  /** The scores at which this backend lowers a pattern's signatures. */
  trustThresholds?: TrustThresholds;
}

/**
 * What an executed fix did: VERIFIED (the workload recovered and the
 * incident's alerts resolved within the window), INEFFECTIVE (no recovery
 * by the window's end) or REGRESSED (new alerts on the target or its blast
 * radius after it ran).
 */
export type VerificationOutcome = 'VERIFIED' | 'INEFFECTIVE' | 'REGRESSED';

export interface ProposalVerification {
  /** Null while the window is open. */
  outcome: VerificationOutcome | null;
  executedAt: string;
  /** When the window closes; no recovery by then is INEFFECTIVE. */
  deadline: string;
  decidedAt: string | null;
  /** What the last check saw (Privacy-Shield output). */
  detail: string | null;
  /** The rollback proposed after a regression, if the action has an inverse. */
  rollbackProposalId: string | null;
}

/** A pattern's trust and what it was last taught. */
export interface PatternTrust {
  score: number;
  /** The outcome of the pattern's last verified execution. */
  lastOutcome: VerificationOutcome | null;
  /** Set when an automatic run regressed: it needs a person until one approves. */
  autoSuspended: boolean;
}

export interface TrustPattern extends PatternTrust {
  pattern: string;
  baseRisk: RiskLevel;
  effectiveSignatures: number;
  updatedAt: string;
}

export interface OperationLogEntry {
  id: number;
  opType: string;
  actor: string;
  entityRef: string | null;
  incidentId: string | null;
  proposalId: string | null;
  details: Record<string, unknown>;
  at: string;
}

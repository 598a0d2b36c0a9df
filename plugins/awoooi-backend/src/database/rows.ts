import type {
  AlertSource,
  AlertStatus,
  AnalysisState,
  ApproverRole,
  IncidentState,
  Proposal,
  ProposalState,
  RiskLevel,
  Severity,
  Signature,
  TranscriptKind,
  VerificationOutcome,
} from '@awoooi/plugin-awoooi-common';

/**
 * Rows of the tables these stores own, column for column as the migrations
 * (`migrations/*.js`) create them.
 */

/** A timestamp column: written as an ISO string, read back as Date (pg) or string (SQLite). */
export type Timestamp = string | Date;

/** A boolean column: SQLite reads it back as 0 or 1. */
export type BooleanColumn = boolean | number;

/** A count or big integer: pg reads it back as a string. */
export type BigIntColumn = number | string;

/** `incidents` */
export interface IncidentRow {
  id: string;
  entity_ref: string;
  group_key: string;
  open_key: string | null;
  title: string;
  severity: Severity;
  state: IncidentState;
  analysis_state: AnalysisState;
  analysis_attempts: number;
  analysis_claimed_at: Timestamp | null;
  analysis_version: number;
  cost_per_hour: number | null;
  notified_severity: Severity | null;
  opened_at: Timestamp;
  resolved_at: Timestamp | null;
  updated_at: Timestamp;
  merged_into: string | null;
}

/**
 * An incident correlation opened and not yet written: the columns left out
 * take their defaults (or null) when it is inserted.
 */
export type NewIncidentRow = Pick<
  IncidentRow,
  | 'id'
  | 'entity_ref'
  | 'group_key'
  | 'open_key'
  | 'title'
  | 'severity'
  | 'state'
  | 'analysis_state'
  | 'opened_at'
  | 'updated_at'
>;

/** An incident as ingest handles it: stored, or opened in this batch. */
export type PlacedIncidentRow = NewIncidentRow & Partial<IncidentRow>;

/** An incident row with its alert counts (see IncidentStore's withCounts). */
export type IncidentRowWithCounts = PlacedIncidentRow & {
  firing_alerts?: BigIntColumn;
  total_alerts?: BigIntColumn;
};

/** `alerts` */
export interface AlertRow {
  id: string;
  fingerprint: string;
  source: AlertSource;
  status: AlertStatus;
  severity: Severity;
  title: string;
  /** JSON object of labels. */
  labels: string;
  /** JSON object of annotations. */
  annotations: string;
  group_key: string;
  entity_ref: string | null;
  incident_id: string | null;
  content_hash: string;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  received_at: Timestamp;
  updated_at: Timestamp;
}

/** `incident_entities` */
export interface IncidentEntityRow {
  incident_id: string;
  entity_ref: string;
  hops_to_root_cause: number | null;
}

/** `incident_analyses` */
export interface IncidentAnalysisRow {
  incident_id: string;
  brain: string;
  narrative: string;
  /** JSON arrays, as the analysis has them. */
  root_causes: string;
  blast_radius: string;
  cost_per_hour: number | null;
  currency: string;
  entities_walked: number;
  remediations: string;
  notes: string;
  created_at: Timestamp;
}

/** `incident_transcript` */
export interface TranscriptRow {
  id: BigIntColumn;
  incident_id: string;
  seq: number;
  kind: TranscriptKind;
  text: string;
  at: Timestamp;
}

/** `privacy_scopes` */
export interface PrivacyScopeRow {
  scope_id: string;
  ciphertext: string;
  version: number;
  updated_at: Timestamp;
}

/** `proposals` */
export interface ProposalRow {
  id: string;
  incident_id: string | null;
  source: Proposal['source'];
  dedupe_key: string;
  action: string;
  executor: string;
  target: string;
  entity_ref: string;
  /** JSON text of the proposal's object and array fields from here on. */
  params: string;
  title: string;
  base_risk: RiskLevel;
  risk: RiskLevel;
  pattern: string;
  trust_score: number;
  required: string;
  state: ProposalState;
  proposed_by: string;
  dry_run: string | null;
  pre_execution_dry_run: string | null;
  result: string | null;
  reason: string | null;
  blast_radius: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  updated_at: Timestamp;
  execution_deadline: Timestamp | null;
}

/** `proposal_signatures` */
export interface SignatureRow {
  id: BigIntColumn;
  proposal_id: string;
  user_ref: string;
  role: ApproverRole;
  decision: Signature['decision'];
  comment: string;
  at: Timestamp;
}

/** `proposal_incidents` */
export interface ProposalIncidentRow {
  proposal_id: string;
  incident_id: string;
}

/** `trust_patterns` */
export interface TrustRow {
  pattern: string;
  score: number | string;
  base_risk: RiskLevel;
  last_outcome: VerificationOutcome | null;
  auto_suspended: BooleanColumn;
  updated_at: Timestamp;
}

/** `proposal_verifications` */
export interface VerificationRow {
  proposal_id: string;
  executed_at: Timestamp;
  deadline: Timestamp;
  outcome: VerificationOutcome | null;
  decided_at: Timestamp | null;
  checked_at: Timestamp | null;
  detail: string | null;
  rollback_proposal_id: string | null;
}

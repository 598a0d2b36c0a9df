import type {
  ComplianceCheck,
  FinOpsRecommendation,
  ScanRun,
} from '@awoooi/plugin-awoooi-common';
import type { DiscoveryRun, StoredAsset } from './AssetStore';
import type { CapacityViolation } from './CapacityStore';
import type { EvidenceRecord } from './EvidenceStore';
import type { ReportScope } from './FinOpsStore';
import type { CatalogRule } from './RuleCatalogStore';
import type { ScanRunRecord } from './ScanRunStore';

/**
 * Rows of the tables the scanner stores read back, column for column as
 * the awoooi-backend migration `20261124010000_scans.js` (and
 * `20261130100000_finops_params.js`) create them.
 */

/** A timestamp column: written as an ISO string, read back as Date (pg) or string (SQLite). */
export type Timestamp = string | Date;

/** A numeric column: pg reads doubles as numbers, counts and big integers as strings. */
export type NumberColumn = number | string;

/** `scan_runs` */
export interface ScanRunRow {
  id: NumberColumn;
  scan_id: ScanRun['scanId'];
  trigger: ScanRunRecord['trigger'];
  triggered_by: string | null;
  scheduled_for: Timestamp | null;
  running_key: string | null;
  status: ScanRun['status'];
  started_at: Timestamp;
  finished_at: Timestamp | null;
  /** JSON object of counts. */
  counts: string;
  /** JSON array of notes. */
  notes: string;
  error: string | null;
}

/** `host_capacity_snapshot` */
export interface HostCapacityRow {
  id: NumberColumn;
  run_id: number;
  server: string;
  instance: string;
  load1: NumberColumn;
  load5: NumberColumn;
  load15: NumberColumn;
  cpu_percent: NumberColumn;
  iowait_percent: NumberColumn;
  memory_percent: NumberColumn;
  swap_percent: NumberColumn;
  verdict: string;
  /** JSON array of entity refs. */
  entity_refs: string;
  taken_at: Timestamp;
}

/** `capacity_violation_event` */
export interface CapacityViolationRow {
  id: NumberColumn;
  server: string;
  instance: string;
  metric: CapacityViolation['metric'];
  value: NumberColumn;
  threshold: NumberColumn;
  /** JSON array of entity refs. */
  entity_refs: string;
  open_key: string | null;
  opened_run_id: number;
  last_run_id: number;
  detected_at: Timestamp;
  last_seen_at: Timestamp;
  resolved_at: Timestamp | null;
}

/** `alert_rule_catalog` */
export interface RuleCatalogRow {
  id: string;
  server: string;
  file: string;
  group_name: string;
  name: string;
  occurrence: NumberColumn;
  expression: string;
  for_seconds: NumberColumn;
  /** JSON objects. */
  labels: string;
  annotations: string;
  health: CatalogRule['health'];
  last_error: string | null;
  last_evaluation: Timestamp | null;
  alert_state: CatalogRule['alertState'];
  content_hash: string;
  status: CatalogRule['status'];
  first_seen_at: Timestamp;
  updated_at: Timestamp;
  last_synced_at: Timestamp;
  retired_at: Timestamp | null;
}

/** `asset_inventory` */
export interface AssetRow {
  id: string;
  source: StoredAsset['source'];
  origin: string;
  kind: StoredAsset['kind'];
  name: string;
  namespace: string | null;
  cluster: string | null;
  entity_ref: string | null;
  owner_ref: string | null;
  /** JSON objects. */
  attributes: string;
  coverage: string;
  fingerprint: string;
  status: StoredAsset['status'];
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  gone_at: Timestamp | null;
  last_run_id: number;
}

/** `asset_discovery_run` */
export interface DiscoveryRunRow {
  id: NumberColumn;
  run_id: NumberColumn;
  origin: string;
  status: DiscoveryRun['status'];
  found: NumberColumn;
  new_count: NumberColumn;
  changed_count: NumberColumn;
  gone_count: NumberColumn;
  error: string | null;
  at: Timestamp;
}

/** `asset_coverage_snapshot` */
export interface CoverageSnapshotRow {
  id: NumberColumn;
  run_id: NumberColumn;
  dimension: string;
  covered: NumberColumn;
  total: NumberColumn;
  /** JSON object: covered assets per source. */
  by_source: string;
  at: Timestamp;
}

/** `asset_compliance_snapshot` */
export interface ComplianceSnapshotRow {
  id: NumberColumn;
  run_id: NumberColumn;
  asset_id: string;
  entity_ref: string | null;
  dimension: ComplianceCheck['dimension'];
  status: ComplianceCheck['status'];
  source: string | null;
  evidence: string;
  checked_at: Timestamp;
}

/** `compliance_score_history` */
export interface ComplianceScoreRow {
  id: NumberColumn;
  run_id: NumberColumn;
  asset_id: string;
  entity_ref: string | null;
  owner_ref: string | null;
  score: NumberColumn | null;
  at: Timestamp;
}

/** `compliance_evidence` */
export interface EvidenceRow {
  id: string;
  entity_ref: string;
  dimension: EvidenceRecord['dimension'];
  result: EvidenceRecord['result'];
  summary: string;
  source: string;
  /** JSON object of details. */
  details: string;
  observed_at: Timestamp;
  created_at: Timestamp;
  created_by: string;
}

/** `finops_recommendation` */
export interface FinOpsRecommendationRow {
  id: string;
  cluster: string;
  kind: FinOpsRecommendation['kind'];
  resource: string;
  entity_ref: string | null;
  monthly_cost: NumberColumn;
  /** SQLite reads booleans back as 0 or 1. */
  realizable: boolean | number;
  risk: FinOpsRecommendation['risk'];
  action: string;
  detail: string;
  proposal_id: string | null;
  status: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  resolved_at: Timestamp | null;
  last_run_id: number;
  /** JSON object of the action's parameters (null before they were stored). */
  params: string | null;
}

/** `finops_report` */
export interface FinOpsReportRow {
  id: NumberColumn;
  run_id: NumberColumn;
  scope_type: ReportScope;
  scope: string;
  currency: string;
  monthly_waste: NumberColumn;
  realizable: NumberColumn;
  freed: NumberColumn;
  annual: NumberColumn;
  /** JSON array of recommendation ids. */
  recommendation_ids: string;
  generated_at: Timestamp;
}

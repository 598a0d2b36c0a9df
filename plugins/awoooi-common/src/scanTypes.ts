import type { RiskLevel } from './risk/types';

export type ScanId = 'capacity' | 'compliance' | 'assets' | 'rules' | 'finops';
export type ScanRunStatus = 'running' | 'succeeded' | 'failed';

export interface ScanRun {
  id: number;
  scanId: ScanId;
  status: ScanRunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  error: string | null;
}

export interface ScanStatus {
  scanId: ScanId;
  /** Cron and zone it runs on. */
  schedule: string;
  timeZone: string;
  running: boolean;
  lastRun: ScanRun | null;
}

export type CapacityVerdict = 'ok' | 'warning' | 'critical';

/** One host's node_exporter figures over the capacity window. */
export interface HostReading {
  instance: string;
  load1: number;
  load5: number;
  load15: number;
  cpuPercent: number;
  iowaitPercent: number;
  memoryPercent: number;
  swapPercent: number;
}

export interface HostCapacity extends HostReading {
  server: string;
  verdict: CapacityVerdict;
  entityRefs: string[];
  takenAt: string;
}

export type ComplianceDimension =
  | 'secret_rotated'
  | 'ssl_cert_valid'
  | 'cve_scan'
  | 'backup_tested'
  | 'audit_log_enabled'
  | 'access_reviewed'
  | 'encryption_at_rest';

export const COMPLIANCE_DIMENSIONS: readonly ComplianceDimension[] = [
  'secret_rotated',
  'ssl_cert_valid',
  'cve_scan',
  'backup_tested',
  'audit_log_enabled',
  'access_reviewed',
  'encryption_at_rest',
];

export type ComplianceStatus = 'pass' | 'warning' | 'fail' | 'unknown';

export interface ComplianceCheck {
  dimension: ComplianceDimension;
  status: ComplianceStatus;
  evidence: string;
  checkedAt: string;
}

export interface ComplianceReport {
  entityRef: string;
  /** 0–100, weighted over the known dimensions. */
  score: number | null;
  checks: ComplianceCheck[];
  history: Array<{ at: string; score: number }>;
}

export interface GroupComplianceRollup {
  groupRef: string;
  score: number | null;
  entities: Array<{ entityRef: string; score: number | null }>;
}

export type FinOpsKind = 'orphaned_pvc' | 'zombie_pod' | 'overprovisioned_node';

export interface FinOpsRecommendation {
  id: string;
  kind: FinOpsKind;
  resource: string;
  cluster: string;
  entityRef: string | null;
  monthlyCost: number;
  /** Can be acted on now (realizable) or frees money only after a scale-down (freed). */
  realizable: boolean;
  risk: RiskLevel;
  action: string;
  /** Parameters of that action, e.g. `{ replicas: 1 }`; null on rows from before they were stored. */
  params: Record<string, unknown> | null;
  /** For people: what was found and what acting on it frees. */
  detail: string;
  proposalId: string | null;
}

export interface FinOpsReport {
  scope: string;
  currency: string;
  monthlyWaste: number;
  realizable: number;
  freed: number;
  annual: number;
  recommendations: FinOpsRecommendation[];
  history: Array<{ at: string; monthlyWaste: number }>;
  generatedAt: string | null;
}

import type {
  Alert,
  Incident,
  IncidentAnalysis,
  OperationLogEntry,
  Proposal,
  TranscriptLine,
  TrustPattern,
} from './types';
import type { ApproverRole } from './risk/types';
import type { IncidentReport, OutcomesOverview } from './report';
import type {
  ComplianceReport,
  FinOpsReport,
  GroupComplianceRollup,
  HostCapacity,
  ScanStatus,
} from './scanTypes';

/** The caller as the backend sees them. */
export interface AwoooiMe {
  userEntityRef: string;
  roles: ApproverRole[];
}

export interface IncidentDetails {
  incident: Incident;
  alerts: Alert[];
  analysis: IncidentAnalysis | null;
  proposals: Proposal[];
}

/**
 * The REST API under `/api/awoooi`, as the frontend client calls it.
 * Each method maps to one route; see the backend plugin README.
 */
export interface AwoooiApi {
  getMe(): Promise<AwoooiMe>;
  /** GET /incidents?entityRef=&state= */
  listIncidents(query: {
    entityRef?: string;
    state?: 'open' | 'resolved';
    limit?: number;
  }): Promise<Incident[]>;
  /** GET /incidents/:id */
  getIncident(id: string): Promise<IncidentDetails>;
  /** GET /incidents/:id/report */
  getIncidentReport(id: string): Promise<IncidentReport>;
  /** GET /incidents/:id/report.md */
  getIncidentReportMarkdown(id: string): Promise<string>;
  /** GET /incidents/:id/transcript */
  getTranscript(id: string): Promise<TranscriptLine[]>;
  /** GET /alerts/unmapped */
  listUnmappedAlerts(): Promise<Alert[]>;
  /** GET /proposals?state=&entityRef= */
  listProposals(query: {
    state?: string;
    entityRef?: string;
  }): Promise<Proposal[]>;
  /** POST /proposals/:id/approve */
  approveProposal(id: string, comment?: string): Promise<Proposal>;
  /** POST /proposals/:id/reject */
  rejectProposal(id: string, comment?: string): Promise<Proposal>;
  /** GET /outcomes?days= */
  getOutcomes(days?: number): Promise<OutcomesOverview>;
  /** GET /trust */
  listTrust(): Promise<TrustPattern[]>;
  /** GET /audit?incidentId=&proposalId=&entityRef= */
  listAudit(query: {
    incidentId?: string;
    proposalId?: string;
    entityRef?: string;
  }): Promise<OperationLogEntry[]>;
  /** GET /scans */
  listScans(): Promise<ScanStatus[]>;
  /** POST /scans/:id/run */
  runScan(id: string): Promise<void>;
  /** GET /capacity/hosts */
  listHostCapacity(): Promise<HostCapacity[]>;
  /** GET /compliance/entity?entityRef= */
  getCompliance(entityRef: string): Promise<ComplianceReport>;
  /** GET /compliance/group?groupRef= */
  getGroupCompliance(groupRef: string): Promise<GroupComplianceRollup>;
  /** GET /finops/entity?entityRef= */
  getFinOps(entityRef: string): Promise<FinOpsReport>;
  /** POST /finops/recommendations/:id/propose */
  proposeRecommendation(id: string): Promise<Proposal>;
}

/** Signal channel of one incident's live reasoning and state changes. */
export function incidentChannel(incidentId: string): string {
  return `awoooi:incident:${incidentId}`;
}

/** Signal channel of one entity's incidents: opened, analysed, escalated, resolved. */
export function entityIncidentsChannel(entityRef: string): string {
  return `awoooi:entity:${entityRef}`;
}

/** Signal channel for proposal changes of one entity. */
export const PROPOSALS_CHANNEL = 'awoooi:proposals';

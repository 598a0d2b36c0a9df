import type {
  ApproverRole,
  BlastRadiusEntry,
  Proposal,
  RiskLevel,
  TrustThresholds,
} from '@awoooi/plugin-awoooi-common';

export interface ProposalSettings {
  expiryMs: number;
  trustThresholds: TrustThresholds;
  /** Configured action patterns (`restart_pod:nginx-*`); others are derived per proposal. */
  patterns: string[];
  /** Blast radius above which the dry-run warns. */
  blastRadiusWarnAt: number;
  /** Time limit of an execution whose action declares none. */
  executionTimeoutMs: number;
  /** How long after it ran a fix is watched for recovery, per action. */
  verificationWindowMs: (action: string) => number;
}

export interface ProposeInput {
  source: Proposal['source'];
  /** Scope of the Privacy-Shield labels in params; null when params hold none. */
  incidentId: string | null;
  /** Key that makes re-proposing the same fix idempotent. */
  dedupeKey: string;
  action: string;
  target: string;
  entityRef: string;
  params: Record<string, unknown>;
  /** The least risk the proposer asks for; never below the action's base risk. */
  risk: RiskLevel;
  title: string;
  blastRadius: BlastRadiusEntry[];
  proposedBy: string;
}

export interface SignerIdentity {
  userRef: string;
  roles: ApproverRole[];
}

export interface SignatureRequest {
  signer: SignerIdentity;
  decision: 'approve' | 'reject';
  comment: string;
}

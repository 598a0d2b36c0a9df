import type { ComplianceStatus } from '@awoooi/plugin-awoooi-common';

/** One dimension's verdict for one subject. */
export interface CheckResult {
  status: ComplianceStatus;
  evidence: string;
  /** The source that decided it (`kubernetes`, `tls-handshake`, `annotation`, `evidence`), null when unknown. */
  source: string | null;
}

const RANK: Record<ComplianceStatus, number> = {
  unknown: 0,
  pass: 1,
  warning: 2,
  fail: 3,
};

/** The worse of several statuses. */
export function worst(statuses: ComplianceStatus[]): ComplianceStatus {
  return statuses.reduce<ComplianceStatus>(
    (a, b) => (RANK[b] > RANK[a] ? b : a),
    'pass',
  );
}

export const DAY_MS = 86_400_000;
export const days = (ms: number) => Math.floor(ms / DAY_MS);

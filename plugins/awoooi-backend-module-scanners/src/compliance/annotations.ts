import {
  ANNOTATION_ACCESS_REVIEWED,
  ANNOTATION_AUDIT_LOG,
  ANNOTATION_BACKUP_TESTED,
  ANNOTATION_CVE_SCAN,
  ANNOTATION_ENCRYPTION_AT_REST,
  ANNOTATION_ENDPOINTS,
  ANNOTATION_ROTATED_AT,
  type ComplianceDimension,
} from '@awoooi/plugin-awoooi-common';
import type { EvidenceResult } from '../store/EvidenceStore';

/** Annotations the compliance checks read, on catalog entities or Kubernetes workloads. */
export const COMPLIANCE_ANNOTATIONS = {
  endpoints: ANNOTATION_ENDPOINTS,
  auditLog: ANNOTATION_AUDIT_LOG,
  encryptionAtRest: ANNOTATION_ENCRYPTION_AT_REST,
  /** On a Kubernetes secret: when its value was last replaced. */
  rotatedAt: ANNOTATION_ROTATED_AT,
} as const;

/** Dimensions whose latest evidence may also be stated by an annotation. */
export const EVIDENCE_ANNOTATIONS: Partial<
  Record<ComplianceDimension, string>
> = {
  cve_scan: ANNOTATION_CVE_SCAN,
  backup_tested: ANNOTATION_BACKUP_TESTED,
  access_reviewed: ANNOTATION_ACCESS_REVIEWED,
};

export interface AnnotationEvidence {
  observedAt: string;
  result: EvidenceResult;
  summary: string;
}

export const ANNOTATION_EVIDENCE_FORMAT =
  '<ISO date> [pass|warning|fail] [note]';

/**
 * Reads `2026-11-20 pass restore drill, 40 min` (date, optional result
 * defaulting to pass, optional note); undefined when it is not that.
 */
export function parseAnnotationEvidence(
  value: string,
): AnnotationEvidence | undefined {
  const match =
    /^\s*(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)(?:\s+(pass|warning|fail)\b)?\s*(.*)$/i.exec(
      value,
    );
  if (!match) return undefined;
  const date = new Date(
    match[1].length === 10 ? `${match[1]}T00:00:00Z` : match[1],
  );
  if (Number.isNaN(date.getTime())) return undefined;
  return {
    observedAt: date.toISOString(),
    result: (match[2]?.toLowerCase() ?? 'pass') as EvidenceResult,
    summary: match[3].trim(),
  };
}

const OFF = new Set(['false', 'no', 'off', 'none', 'disabled', '0']);
const ON = new Set(['true', 'yes', 'on', 'enabled', '1']);

/** A yes/no annotation: true, false, or undefined when it says something else. */
export function flag(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (OFF.has(v)) return false;
  if (ON.has(v)) return true;
  return undefined;
}

/** An audit-log annotation names the mechanism (`pgaudit`) or switches it off. */
export function auditFlag(value: string): boolean {
  return !OFF.has(value.trim().toLowerCase()) && value.trim() !== '';
}

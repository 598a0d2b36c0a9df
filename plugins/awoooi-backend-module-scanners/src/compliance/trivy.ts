import type { EvidenceResult } from '../store/EvidenceStore';

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
type Severity = (typeof SEVERITIES)[number];

export interface TrivySummary {
  artifact: string | null;
  counts: Record<Lowercase<Severity>, number>;
  result: EvidenceResult;
  summary: string;
}

/**
 * The gist of a Trivy JSON report (`trivy image --format json`): vulnerabilities
 * per severity across its results. Any critical one fails the dimension, a
 * high one makes it a warning.
 */
export function summarizeTrivy(report: unknown): TrivySummary {
  const r = report as { ArtifactName?: unknown; Results?: unknown };
  if (!r || typeof r !== 'object' || !Array.isArray(r.Results)) {
    throw new Error('trivy: not a Trivy JSON report (no Results array)');
  }
  const counts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const result of r.Results as Array<{
    Vulnerabilities?: Array<{ Severity?: string }> | null;
  }>) {
    for (const v of result?.Vulnerabilities ?? []) {
      const severity = String(
        v?.Severity ?? 'UNKNOWN',
      ).toUpperCase() as Severity;
      const key = (
        SEVERITIES.includes(severity) ? severity : 'UNKNOWN'
      ).toLowerCase() as keyof typeof counts;
      counts[key]++;
    }
  }
  const artifact = typeof r.ArtifactName === 'string' ? r.ArtifactName : null;
  let result: EvidenceResult = 'pass';
  if (counts.critical > 0) result = 'fail';
  else if (counts.high > 0) result = 'warning';
  const summary = `Trivy${artifact ? ` ${artifact}` : ''}: ${
    counts.critical
  } critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low`;
  return { artifact, counts, result, summary };
}

import type { ComplianceDimension } from '@awoooi/plugin-awoooi-common';
import {
  ANNOTATION_EVIDENCE_FORMAT,
  EVIDENCE_ANNOTATIONS,
  parseAnnotationEvidence,
} from '../annotations';
import { missingSource } from '../coverage';
import type { SubjectFacts } from '../subjectFacts';
import { CheckResult, days } from './types';

interface Observation {
  observedAt: string;
  result: 'pass' | 'warning' | 'fail';
  summary: string;
  origin: string;
  source: 'evidence' | 'annotation';
}

/**
 * A dimension decided by the newest evidence: a posted record or the
 * dimension's annotation. Older than `maxAgeMs` it is stale, and a stale
 * pass becomes a warning (a stale failure stays a failure).
 */
export function checkEvidence(
  f: SubjectFacts,
  d: ComplianceDimension,
  now: Date,
  maxAgeMs: number,
  options: { annotation?: string } = {},
): CheckResult {
  const observations: Observation[] = [];
  const record = f.evidence[d];
  if (record) {
    observations.push({
      observedAt: record.observedAt,
      result: record.result,
      summary: record.summary,
      origin: record.source,
      source: 'evidence',
    });
  }
  const key = options.annotation ?? EVIDENCE_ANNOTATIONS[d];
  const raw = key ? f.annotations[key] : undefined;
  if (key && raw) {
    const parsed = parseAnnotationEvidence(raw);
    if (parsed)
      observations.push({ ...parsed, origin: key, source: 'annotation' });
    else if (!record) {
      return {
        status: 'warning',
        evidence: `${key} '${raw}' is not '${ANNOTATION_EVIDENCE_FORMAT}'`,
        source: 'annotation',
      };
    }
  }
  const newest = observations.sort((a, b) =>
    a.observedAt < b.observedAt ? 1 : -1,
  )[0];
  if (!newest)
    return { status: 'unknown', evidence: missingSource(f, d), source: null };
  const age = now.getTime() - Date.parse(newest.observedAt);
  const when = newest.observedAt.slice(0, 10);
  const what = `${newest.result}${
    newest.summary ? `: ${newest.summary}` : ''
  } (${newest.origin}, ${when})`;
  if (age > maxAgeMs && newest.result !== 'fail') {
    return {
      status: 'warning',
      evidence: `Stale: last ${what} is ${days(age)} days old (max ${days(
        maxAgeMs,
      )})`,
      source: newest.source,
    };
  }
  return {
    status: newest.result,
    evidence: what.charAt(0).toUpperCase() + what.slice(1),
    source: newest.source,
  };
}

import type { Severity } from './types';

/** Alert and incident severities, mildest first. */
export const SEVERITIES: readonly Severity[] = [
  'info',
  'warning',
  'high',
  'critical',
];

/** Negative when `a` is milder than `b`, positive when worse, 0 when equal. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** The worse of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) >= 0 ? a : b;
}

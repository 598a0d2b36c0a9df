import type { VerificationOutcome } from '@awoooi/plugin-awoooi-common';
import type { AnomalyView } from './anomalyCheck';

/** What one check of an executed fix saw. */
export interface Observation {
  now: Date;
  /** When the window closes. */
  deadline: Date;
  /** Why the target is unhealthy now; empty when healthy, null when no health source could answer. */
  targetUnhealthy: string[] | null;
  /** Alerts of the fix's incident still firing (0 without an incident). */
  incidentFiring: number;
  /** Alerts that began firing on the target or its blast radius after the fix ran. */
  newAlerts: string[];
  /**
   * The target's metric signals since the fix; undefined without metric
   * evidence in the analysis, null when the metrics cannot tell yet.
   */
  anomalies?: AnomalyView | null;
}

export interface Verdict {
  /** Null while the window is open and nothing is decided yet. */
  outcome: VerificationOutcome | null;
  detail: string;
}

/**
 * Judges a fix from one observation. A regression decides at once; a
 * recovery (healthy target, the incident's alerts resolved) decides at once,
 * so a working fix is VERIFIED within one check instead of at the window's
 * end; the window's end without either is INEFFECTIVE.
 */
export function judgeOutcome(o: Observation): Verdict {
  if (o.newAlerts.length > 0) {
    return {
      outcome: 'REGRESSED',
      detail: `new alerts after the fix: ${o.newAlerts.join('; ')}`,
    };
  }
  if (o.anomalies?.fresh.length) {
    return {
      outcome: 'REGRESSED',
      detail: `new anomalies on the target after the fix: ${o.anomalies.fresh.join(
        '; ',
      )}`,
    };
  }
  const missing = whatIsMissing(o);
  if (missing.length === 0) {
    return {
      outcome: 'VERIFIED',
      detail:
        o.anomalies === undefined
          ? "the target is healthy and the incident's alerts resolved"
          : "the target is healthy, the incident's alerts resolved and its anomalous signals are back to normal",
    };
  }
  if (o.now.getTime() >= o.deadline.getTime()) {
    return {
      outcome: 'INEFFECTIVE',
      detail: `no recovery by the window's end: ${missing.join('; ')}`,
    };
  }
  return { outcome: null, detail: `not recovered yet: ${missing.join('; ')}` };
}

function whatIsMissing(o: Observation): string[] {
  const missing: string[] = [];
  if (o.targetUnhealthy === null) {
    missing.push("no health source could tell the target's health");
  } else if (o.targetUnhealthy.length > 0) {
    missing.push(`the target is unhealthy (${o.targetUnhealthy.join('; ')})`);
  }
  if (o.anomalies === null) {
    missing.push('no metric sample since the fix to show the anomaly ended');
  } else if (o.anomalies?.still.length) {
    missing.push(`still anomalous: ${o.anomalies.still.join('; ')}`);
  }
  if (o.incidentFiring > 0) {
    const alerts = o.incidentFiring === 1 ? 'alert' : 'alerts';
    missing.push(`${o.incidentFiring} ${alerts} of the incident still firing`);
  }
  return missing;
}

import { describeMetricAnomaly, Proposal } from '@awoooi/plugin-awoooi-common';
import { toMetricAnomaly } from '@awoooi/plugin-awoooi-node';
import type { MetricEvidenceStep } from '../analysis/metricEvidenceStep';
import type { AnalysisStore } from '../database/AnalysisStore';

/** The target's metric signals since the fix ran. */
export interface AnomalyView {
  /** Signals anomalous in the analysis that still are. */
  still: string[];
  /** Signals anomalous now that were not in the analysis. */
  fresh: string[];
}

/**
 * Where the incident's analysis found anomalous signals on the fix's
 * target, judges the target's signals from the execution on against its
 * history. Undefined when there is no metric evidence to go back to normal;
 * null when the metrics cannot tell yet (Prometheus down, no sample since
 * the fix), so the fix is not verified on a guess.
 */
export async function checkAnomalies(
  deps: {
    analyses: AnalysisStore;
    metricEvidence?: Pick<MetricEvidenceStep, 'assessSince'>;
  },
  proposal: Proposal,
  executedAt: string,
): Promise<AnomalyView | null | undefined> {
  if (!proposal.incidentId || !deps.metricEvidence) return undefined;
  const analysis = await deps.analyses.getAnalysis(proposal.incidentId);
  const before = analysis?.rootCauses.find(
    c => c.entityRef === proposal.entityRef,
  )?.anomalies;
  if (!before?.length) return undefined;
  const metrics = await deps.metricEvidence.assessSince(
    proposal.entityRef,
    new Date(executedAt),
  );
  if (!metrics?.measured.has(proposal.entityRef)) return null;
  const known = new Set(before.map(a => a.signal));
  const now = (metrics.anomalies.get(proposal.entityRef) ?? []).map(
    toMetricAnomaly,
  );
  return {
    still: now
      .filter(a => known.has(a.signal))
      .map(a => describeMetricAnomaly(a)),
    fresh: now
      .filter(a => !known.has(a.signal))
      .map(a => describeMetricAnomaly(a)),
  };
}

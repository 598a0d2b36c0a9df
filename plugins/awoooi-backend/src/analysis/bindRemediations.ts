/**
 * A brain may name any target; an action runs only on a workload of an
 * entity of the incident it was proposed for, so the others are dropped
 * before they become proposals.
 */
import type { Incident, Remediation } from '@awoooi/plugin-awoooi-common';
import type { AnalysisDeps } from './analysisRun';
import type { IncidentTargets } from './incidentTargets';
import type { Reasoning } from './Reasoning';

/**
 * Keeps the remediations that act on a workload of their own entity in the
 * incident; any other is dropped, said in the transcript and logged.
 */
export async function bindToIncident(
  deps: Pick<AnalysisDeps, 'operationLog'>,
  incident: Incident,
  proposed: Remediation[],
  targets: IncidentTargets,
  context: { reasoning: Reasoning; brainId: string },
): Promise<Remediation[]> {
  const kept: Remediation[] = [];
  for (const r of proposed) {
    if (targets.binds(r)) {
      kept.push(r);
      continue;
    }
    await context.reasoning.step(
      `Dropped ${r.action} on ${r.target}: not a workload of ${r.entityRef} in this incident.`,
      'note',
    );
    await deps.operationLog.append({
      opType: 'remediation_dropped',
      actor: `brain:${context.brainId}`,
      entityRef: incident.entityRef,
      incidentId: incident.id,
      details: {
        action: r.action,
        target: r.target,
        entityRef: r.entityRef,
        reason: 'target is not a workload of an entity in the incident',
      },
    });
  }
  return kept;
}

import type { AnalysisListener } from './AnalysisService';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { AnalysisQueueStore } from '../database/AnalysisQueueStore';

/**
 * Alerts of one outage arrive in several webhooks. When an entity turns out
 * unhealthy, open incidents upstream of it whose analysis does not know it
 * yet are analysed again, so a frontend incident analysed a second before
 * the database alert arrived still ends up naming the database.
 *
 * "Does not know it yet" is two things: the upstream analysis does not name
 * this incident's entity, and it was made before this incident last changed
 * (opened, escalated, moved its root cause), so it could not have seen
 * it. An analysis made since has seen it and concluded otherwise (the
 * entity lies beyond its depth, or something below it explains more):
 * asking again would give the same answer, and two incidents that list
 * each other's members upstream would re-queue each other forever.
 */
export function requeueUpstream(
  incidents: IncidentStore,
  queue: AnalysisQueueStore,
  analyses: AnalysisStore,
  kick: () => void,
): AnalysisListener {
  return async result => {
    const incident = await incidents.getIncident(result.incidentId);
    if (!incident || result.blastRadius.length === 0) return;
    const upstream = await incidents.listIncidents({
      entityRefs: result.blastRadius.map(b => b.entityRef),
      state: 'open',
    });
    let requeued = 0;
    for (const other of upstream) {
      if (other.analysisState !== 'done') continue;
      const stored = await analyses.getAnalysis(other.id);
      if (stored?.rootCauses.some(c => c.entityRef === incident.entityRef))
        continue;
      if (
        stored &&
        Date.parse(stored.createdAt) >= Date.parse(incident.updatedAt)
      )
        continue;
      if (await queue.requeueAnalysis(other.id)) requeued++;
    }
    if (requeued) kick();
  };
}

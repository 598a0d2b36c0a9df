import type { Severity } from '@awoooi/plugin-awoooi-common';
import type { AnalysisListener } from '../analysis/AnalysisService';
import type { IncidentStore } from '../database/IncidentStore';
import type { IncidentNotifier } from './IncidentNotifier';

const NOTIFICATION_SEVERITY: Record<Severity, 'critical' | 'high' | 'normal'> =
  {
    critical: 'critical',
    high: 'high',
    warning: 'normal',
    info: 'normal',
  };

/**
 * Tells the root cause's owners about a new or escalated incident once its
 * analysis is stored, so the message can name the root cause, and sends the
 * owners of the other affected entities one digest. Each severity is
 * announced once per incident, whichever instance analysed it.
 */
export function notifyOwnersOnAnalysis(
  incidents: IncidentStore,
  notifier: IncidentNotifier,
): AnalysisListener {
  return async (result, { escalated }) => {
    const incident = await incidents.getIncident(result.incidentId);
    if (!incident) return;
    const previous = await incidents.swapNotifiedSeverity(
      incident.id,
      incident.severity,
    );
    if (previous === undefined) return; // already announced
    const top = result.rootCauses.find(c => !c.symptom);
    const upstream = `${result.blastRadius.length} upstream entities affected`;
    const notification = {
      kind: escalated || previous ? 'incident.escalated' : 'incident.opened',
      title: `${previous ? 'Escalated' : 'Incident'}: ${incident.title}`,
      description: top
        ? `Probable root cause ${top.entityRef}; ${upstream}.`
        : `No unhealthy dependency found; ${upstream}.`,
      entityRef: incident.entityRef,
      severity: NOTIFICATION_SEVERITY[incident.severity],
      incidentId: incident.id,
    } as const;
    await notifier.send(notification);
    const affected = (incident.entities ?? [])
      .map(e => e.entityRef)
      .filter(ref => ref !== incident.entityRef);
    await notifier.sendDigest(
      {
        ...notification,
        description: `${affected.length} entities upstream of ${incident.entityRef} are affected, yours among them. ${notification.description}`,
      },
      affected,
    );
  };
}

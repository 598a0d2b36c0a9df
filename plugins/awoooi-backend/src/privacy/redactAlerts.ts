import type { Alert } from '@awoooi/plugin-awoooi-common';
import { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import type { RawAlert } from '../domain';
import type { PrivacyVault } from './PrivacyVault';

function redactOne(scope: PrivacyScope, a: RawAlert): Alert {
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    source: a.source,
    status: a.status,
    severity: a.severity,
    title: scope.redact(a.title).text,
    labels: scope.redactObject(a.labels),
    entityRef: a.entityRef,
    incidentId: a.incidentId,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    receivedAt: a.receivedAt,
    updatedAt: a.updatedAt,
  };
}

/** Alert text leaves through the incident's Privacy-Shield scope only. */
export async function redactAlerts(
  vault: PrivacyVault,
  incidentId: string | null,
  alerts: RawAlert[],
): Promise<Alert[]> {
  if (incidentId)
    return vault.withScope(incidentId, s => alerts.map(a => redactOne(s, a)));
  // Unmapped alerts belong to no incident: a throwaway scope, nothing stored.
  const scope = new PrivacyScope();
  return alerts.map(a => redactOne(scope, a));
}

/**
 * The Alertmanager webhook the tracer bullet sends: two alerts of one
 * outage (the database down, the frontend failing because of it), named
 * after the run so they never merge with real alerts or earlier runs.
 */
export function tracerAlerts(runId: string, status: 'firing' | 'resolved') {
  const alert = (
    alertname: string,
    labels: Record<string, string>,
    summary: string,
  ) => ({
    status,
    labels: { alertname, severity: 'critical', ...labels },
    annotations: { summary },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt:
      status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    generatorURL: 'http://tracer-bullet',
    fingerprint: `tracer-${runId}-${alertname}`,
  });
  return {
    version: '4',
    status,
    receiver: 'awoooi',
    groupKey: `{}:{tracer=${runId}}`,
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://tracer-bullet',
    truncatedAlerts: 0,
    alerts: [
      alert(
        `TracerDatabaseDown${runId}`,
        { service: 'postgres-db' },
        'tracer bullet: primary database not accepting connections',
      ),
      alert(
        `TracerFrontend5xx${runId}`,
        { service: 'frontend', namespace: 'shop' },
        'tracer bullet: frontend 5xx rate > 15%',
      ),
    ],
  };
}

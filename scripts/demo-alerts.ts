/**
 * Sends the demo's alerts to a running backend, as Alertmanager would:
 * the primary database is down, so the storefront fails on top of it.
 * Usage: node -r @backstage/cli/config/nodeTransform.cjs scripts/demo-alerts.ts [backendUrl]
 */
const backend = process.argv[2] ?? 'http://localhost:7007';
const secret = process.env.AWOOOI_INGEST_SECRET ?? 'local-dev-ingest-secret';

function alert(
  alertname: string,
  labels: Record<string, string>,
  summary: string,
  severity = 'critical',
) {
  return {
    status: 'firing',
    labels: { alertname, severity, ...labels },
    annotations: { summary },
    startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.acme.internal/graph',
    fingerprint: `demo-${alertname.toLowerCase()}`,
  };
}

const payload = {
  version: '4',
  status: 'firing',
  receiver: 'awoooi',
  groupKey: '{}:{demo}',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager.acme.internal',
  truncatedAlerts: 0,
  alerts: [
    alert(
      'PostgresDown',
      { service: 'postgres-db', instance: '10.0.4.12:9187' },
      'PostgreSQL primary 10.0.4.12 is not accepting connections',
    ),
    alert(
      'HighErrorRate',
      { service: 'frontend', namespace: 'shop' },
      'frontend 5xx rate > 15% (last 5m)',
    ),
    alert(
      'HighLatency',
      { deployment: 'order-api', namespace: 'shop' },
      'order-api p99 latency 4.2s',
      'warning',
    ),
    alert(
      'BackupJobFailed',
      { job: 'nightly-backup', host: 'backup-01' },
      'Nightly backup failed; contact dba-oncall@acme.example',
      'warning',
    ),
  ],
};

/** The demo alerts as Alertmanager sends them once they stopped firing. */
function resolvedPayload() {
  const endsAt = new Date().toISOString();
  return {
    ...payload,
    status: 'resolved',
    alerts: payload.alerts.map(a => ({ ...a, status: 'resolved', endsAt })),
  };
}

/**
 * Sends the demo alerts (or, with `status` resolved, their resolution) once
 * the backend answers; resolves with the ingest summary.
 */
export async function sendDemoAlerts(
  backendUrl = backend,
  delayMs = Number(process.env.AWOOOI_DEMO_ALERT_DELAY_MS ?? 8000),
  status: 'firing' | 'resolved' = 'firing',
) {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      const health = await fetch(`${backendUrl}/api/awoooi/health`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (health.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`backend at ${backendUrl} did not come up`);
    await new Promise(r => setTimeout(r, 1000));
  }
  // Give the catalog a moment to ingest examples/ before mapping alerts to entities.
  await new Promise(r => setTimeout(r, delayMs));
  const res = await fetch(`${backendUrl}/api/awoooi/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-awoooi-token': secret },
    body: JSON.stringify(status === 'firing' ? payload : resolvedPayload()),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await res.text();
  if (!res.ok)
    throw new Error(`demo alerts refused: HTTP ${res.status} ${body}`);
  return JSON.parse(body);
}

if (require.main === module) {
  sendDemoAlerts()
    .then(summary =>
      console.log(
        `[demo-alerts] sent ${payload.alerts.length} alerts: ${JSON.stringify(
          summary,
        )}`,
      ),
    )
    .catch(error => {
      console.error(`[demo-alerts] ${error.message}`);
      process.exit(1);
    });
}

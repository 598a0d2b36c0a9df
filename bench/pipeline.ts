/**
 * Incident pipeline benchmark on PostgreSQL (SQLite when no connection string):
 *  1. alert → stored analysis latency (deterministic brain, 10k-entity catalog cached);
 *  2. ingest throughput: Alertmanager webhooks of 50 alerts, 4 senders, with a
 *     dedupe pass, counting alerts in vs alerts stored.
 * Run: node -r @backstage/cli/config/nodeTransform.cjs bench/pipeline.ts
 * (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING selects PostgreSQL).
 */
import { startAlertBackend } from './backend';
import { openBenchDatabase } from './database';
import type { Figure } from './targets';
import { syntheticCatalog } from './topology';

const CATALOG_SIZE = 10_000;
const LATENCY_SAMPLES = 200;
const INGEST_ALERTS = 20_000;
const BATCH = 50;
const SENDERS = 4;
const ANALYSIS_P95_TARGET_MS = 50;
const INGEST_TARGET_PER_SECOND = 2000;
const RESENT = 40 * BATCH;

function webhook(
  alerts: Array<{
    alertname: string;
    entityRef: string;
    fingerprint: string;
    startsAt?: string;
  }>,
) {
  return {
    version: '4',
    status: 'firing',
    receiver: 'awoooi',
    groupKey: '{}:{bench}',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager',
    truncatedAlerts: 0,
    alerts: alerts.map(a => ({
      status: 'firing',
      labels: {
        alertname: a.alertname,
        backstage_entity: a.entityRef,
        severity: 'critical',
        instance: `10.1.${a.fingerprint.length}.7:9100`,
      },
      annotations: { summary: `${a.alertname} on ${a.entityRef}` },
      startsAt: a.startsAt ?? '2026-11-24T03:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export async function runPipelineBench() {
  const { knex, engine, drop } = await openBenchDatabase('pipeline');
  const catalog = syntheticCatalog(CATALOG_SIZE, 7);
  const { stop, post, sendAll } = await startAlertBackend(
    knex,
    catalog.entities,
  );
  try {
    // Warm the graph cache (first use loads the catalog).
    await post(
      webhook([
        {
          alertname: 'Warmup',
          entityRef: catalog.alertable[0],
          fingerprint: 'warmup',
        },
      ]),
    );
    await new Promise(r => setTimeout(r, 1500));

    // 1. alert → stored analysis
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const entityRef = catalog.alertable[(i * 37) % catalog.alertable.length];
      const started = performance.now();
      // Eleven minutes apart: each alert is an outage of its own, not
      // correlated with the one before.
      const startsAt = new Date(
        Date.parse('2026-11-25T00:00:00Z') + i * 11 * 60_000,
      ).toISOString();
      const response = await post(
        webhook([
          {
            alertname: `Latency${i}`,
            entityRef,
            fingerprint: `lat-${i}`,
            startsAt,
          },
        ]),
      );
      const { incidentsOpened } = response;
      if (!incidentsOpened.length)
        throw new Error(
          `no incident opened for ${entityRef}: ${JSON.stringify(response)}`,
        );
      for (;;) {
        const row = await knex('incident_analyses')
          .where('incident_id', incidentsOpened[0])
          .first('incident_id');
        if (row) break;
        await new Promise(r => setImmediate(r));
      }
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);

    // 2. ingest throughput
    const hot = catalog.alertable.slice(0, 20);
    const batches = Array.from({ length: INGEST_ALERTS / BATCH }, (_, b) =>
      Array.from({ length: BATCH }, (_, i) => {
        const n = b * BATCH + i;
        return {
          alertname: `Storm${n % 5}`,
          entityRef: hot[n % hot.length],
          fingerprint: `storm-${n}`,
        };
      }),
    );
    const sent = await sendAll(batches.map(webhook), SENDERS);
    const created = sent.replies.reduce((n, r) => n + r.created, 0);
    const ingestSeconds = sent.ms / 1000;
    const stored = Number(
      (
        await knex('alerts')
          .where('fingerprint', 'like', 'am:storm-%')
          .count({ n: '*' })
      )[0].n,
    );
    // Dedupe: the first 40 webhooks again change nothing.
    const dedupeStart = performance.now();
    let unchanged = 0;
    for (const batch of batches.slice(0, RESENT / BATCH))
      unchanged += (await post(webhook(batch))).unchanged;
    const dedupeSeconds = (performance.now() - dedupeStart) / 1000;

    return {
      name: 'pipeline',
      engine,
      metrics: {
        analysisP50Ms: percentile(latencies, 50),
        analysisP95Ms: percentile(latencies, 95),
        ingestAlertsPerSecond: INGEST_ALERTS / ingestSeconds,
        alertsIn: INGEST_ALERTS,
        alertsStored: stored,
        alertsCreatedReported: created,
        dedupeAlertsPerSecond: RESENT / dedupeSeconds,
        dedupeUnchanged: unchanged,
      },
    };
  } finally {
    await stop();
    await drop();
  }
}

type PipelineResult = Awaited<ReturnType<typeof runPipelineBench>>;

export function formatPipelineBench({ engine, metrics: m }: PipelineResult) {
  return [
    `pipeline on ${engine}, ${CATALOG_SIZE} catalog entities`,
    `  alert → stored analysis: p50 ${m.analysisP50Ms.toFixed(
      1,
    )} ms, p95 ${m.analysisP95Ms.toFixed(
      1,
    )} ms (target p95 < ${ANALYSIS_P95_TARGET_MS} ms)`,
    `  ingest: ${m.ingestAlertsPerSecond.toFixed(
      0,
    )} alerts/s in webhooks of ${BATCH}, ${SENDERS} senders (target ≥ ${INGEST_TARGET_PER_SECOND}); in ${
      m.alertsIn
    }, stored ${m.alertsStored}, loss ${m.alertsIn - m.alertsStored}`,
    `  re-sent: ${
      m.dedupeUnchanged
    }/${RESENT} unchanged at ${m.dedupeAlertsPerSecond.toFixed(0)} alerts/s`,
  ].join('\n');
}

export function pipelineFigures({
  engine,
  metrics: m,
}: PipelineResult): Figure[] {
  const label = (what: string) => `pipeline (${engine}) ${what}`;
  return [
    {
      label: label('alert → stored analysis p95'),
      value: m.analysisP95Ms,
      unit: 'ms',
      below: ANALYSIS_P95_TARGET_MS,
    },
    {
      label: label('ingest'),
      value: m.ingestAlertsPerSecond,
      unit: 'alerts/s',
      atLeast: INGEST_TARGET_PER_SECOND,
    },
    {
      label: label('alerts lost'),
      value: m.alertsIn - m.alertsStored,
      unit: 'alerts',
      below: 1,
    },
    {
      label: label('re-sent alerts found unchanged'),
      value: m.dedupeUnchanged,
      unit: 'alerts',
      atLeast: RESENT,
    },
  ];
}

if (require.main === module) {
  runPipelineBench()
    .then(result => {
      console.log(formatPipelineBench(result));
      process.exit(0);
    })
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
}

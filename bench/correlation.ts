/**
 * Alert-storm benchmark on PostgreSQL (SQLite when no connection string): a
 * storm of 10,000 alerts from 100 outages over a 10,000-entity catalog goes
 * through the Alertmanager webhook, 50 alerts a webhook from 16 concurrent
 * senders (Alertmanager sends each alert group on its own). Each outage is a
 * database, cache or queue and up to 99 entities within 3 hops above it,
 * alerting over 5 minutes; outages start 30 minutes apart, so each is one
 * incident. Two arrival orders: by start time, as Alertmanager delivers a
 * storm, and shuffled across all outages (the worst case: every outage
 * arrives in fragments that open incidents and merge later). Prints the time
 * until every alert is stored and grouped, the incidents opened against the
 * offline engine's partition of the same alerts, and alerts per incident.
 * Run: node -r @backstage/cli/config/nodeTransform.cjs bench/correlation.ts
 */
import {
  buildTopologyGraph,
  correlateAlerts,
  DEFAULT_CORRELATION_WINDOW_MS,
  reachable,
} from '@awoooi/plugin-awoooi-node';
import { startAlertBackend } from './backend';
import { openBenchDatabase } from './database';
import { Figure, targetReport } from './targets';
import { seededRandom } from './random';
import { syntheticCatalog } from './topology';

const CATALOG_SIZE = 10_000;
const OUTAGES = 100;
const ALERTS_PER_OUTAGE = 100;
const BATCH = 50;
const SENDERS = 16;
const T0 = Date.parse('2026-11-29T03:00:00Z');
const CORRELATION_TARGET_ALERTS_PER_SECOND = 3_500;

interface StormAlert {
  fingerprint: string;
  entityRef: string;
  alertname: string;
  startsAt: number;
}

type Arrival = 'by start time' | 'shuffled';

/** Outages at databases, caches and queues, each with the entities above it. */
function stormOver(
  entities: ReturnType<typeof syntheticCatalog>['entities'],
  arrival: Arrival,
) {
  const graph = buildTopologyGraph(entities);
  const random = seededRandom(29);
  const roots = entities
    .filter(e => ['database', 'cache', 'queue'].includes(String(e.spec?.type)))
    .map(e => `resource:default/${e.metadata.name}`)
    .filter(ref => reachable(graph, ref, 'up', 3).size >= 10);
  const alerts: StormAlert[] = [];
  for (let o = 0; o < OUTAGES; o++) {
    const root = roots[Math.floor(random() * roots.length)];
    const above = [...reachable(graph, root, 'up', 3).keys()].filter(
      ref => ref !== root,
    );
    const members = [root];
    while (members.length < ALERTS_PER_OUTAGE && above.length) {
      members.push(above.splice(Math.floor(random() * above.length), 1)[0]);
    }
    for (let a = 0; a < ALERTS_PER_OUTAGE; a++) {
      alerts.push({
        fingerprint: `storm-${o}-${a}`,
        entityRef: members[a % members.length],
        alertname: `Outage${o}Alert${a}`,
        startsAt: T0 + o * 30 * 60_000 + Math.floor(random() * 5 * 60_000),
      });
    }
  }
  for (let i = alerts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [alerts[i], alerts[j]] = [alerts[j], alerts[i]];
  }
  if (arrival === 'by start time')
    alerts.sort((a, b) => a.startsAt - b.startsAt);
  return { graph, alerts };
}

function webhook(alerts: StormAlert[]) {
  return {
    version: '4',
    status: 'firing',
    receiver: 'awoooi',
    groupKey: '{}:{storm}',
    alerts: alerts.map(a => ({
      status: 'firing',
      labels: {
        alertname: a.alertname,
        backstage_entity: a.entityRef,
        severity: 'critical',
      },
      annotations: { summary: `${a.alertname} on ${a.entityRef}` },
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: a.fingerprint,
    })),
  };
}

export async function runCorrelationBench() {
  const runs = [];
  for (const arrival of ['by start time', 'shuffled'] as const)
    runs.push(await runStorm(arrival));
  return runs;
}

async function runStorm(arrival: Arrival) {
  const { knex, engine, drop } = await openBenchDatabase('correlation');
  const catalog = syntheticCatalog(CATALOG_SIZE, 7);
  const { graph, alerts } = stormOver(catalog.entities, arrival);
  const offline = correlateAlerts(
    graph,
    alerts.map(a => ({ ...a })),
    { maxDepth: 3, windowMs: DEFAULT_CORRELATION_WINDOW_MS },
  );
  const { stop, sendAll } = await startAlertBackend(knex, catalog.entities);
  try {
    const webhooks = [];
    for (let i = 0; i < alerts.length; i += BATCH)
      webhooks.push(webhook(alerts.slice(i, i + BATCH)));
    const seconds = (await sendAll(webhooks, SENDERS)).ms / 1000;
    const stored = await knex('alerts')
      .whereNotNull('incident_id')
      .count({ n: '*' });
    const incidents = await knex('incidents')
      .where('state', 'open')
      .select('id');
    const merged = await knex('incidents')
      .where('state', 'merged')
      .count({ n: '*' });
    return {
      name: 'correlation',
      engine,
      arrival,
      metrics: {
        alertsIn: alerts.length,
        alertsGrouped: Number(stored[0].n),
        seconds,
        alertsPerSecond: alerts.length / seconds,
        incidentsOpen: incidents.length,
        incidentsMerged: Number(merged[0].n),
        offlineIncidents: offline.length,
        alertsPerIncident: alerts.length / incidents.length,
      },
    };
  } finally {
    await stop();
    await drop();
  }
}

type StormRun = Awaited<ReturnType<typeof runStorm>>;

export function formatCorrelationBench(runs: StormRun[]): string {
  return runs.map(formatStorm).join('\n');
}

function formatStorm(r: StormRun): string {
  const m = r.metrics;
  const lines = [
    `correlation on ${r.engine}: ${m.alertsIn} alerts arriving ${r.arrival}, ${OUTAGES} outages, ${CATALOG_SIZE} catalog entities, ${SENDERS} senders`,
    `  stored and grouped ${m.alertsGrouped} of ${
      m.alertsIn
    } in ${m.seconds.toFixed(1)} s: ${m.alertsPerSecond.toFixed(0)} alerts/s`,
    `  incidents: ${m.incidentsOpen} open (${
      m.incidentsMerged
    } merged into others), offline engine ${
      m.offlineIncidents
    }; ${m.alertsPerIncident.toFixed(1)} alerts per incident`,
  ];
  return lines.join('\n');
}

/** The target applies to a storm as Alertmanager delivers it. */
export function correlationFigures(runs: StormRun[]): Figure[] {
  return runs.map(r => ({
    label: `correlation (${r.engine}) storm ingest, alerts arriving ${r.arrival}`,
    value: Math.round(r.metrics.alertsPerSecond),
    unit: 'alerts/s',
    ...(r.arrival === 'by start time'
      ? { atLeast: CORRELATION_TARGET_ALERTS_PER_SECOND }
      : {}),
  }));
}

if (require.main === module) {
  runCorrelationBench()
    .then(r => {
      console.log(formatCorrelationBench(r));
      for (const line of targetReport(correlationFigures(r))) console.log(line);
      process.exit(0);
    })
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
}

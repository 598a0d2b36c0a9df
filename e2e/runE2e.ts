/**
 * End-to-end run: the product started as the README's first command starts
 * it, a demo alert, the browser journey, then the tracer bullet.
 * Usage: node -r @backstage/cli/config/nodeTransform.cjs e2e/runE2e.ts <reportsDir>
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { runTracerBullet } from '../packages/cli/src/tracer/tracerBullet';
import { sendDemoAlerts } from '../scripts/demo-alerts';
import { JOURNEY_CHECKS, runBrowserJourney } from './browserJourney';
import {
  Check,
  CheckPlan,
  errorMessage,
  fetchWithTimeout as fetch,
} from './checks';
import { demoToken, ROOT, Stack, startStack } from './harness';

/** The whole run ends by then, whatever hangs (default 20 minutes). */
const DEADLINE_MS = Number(process.env.AWOOOI_E2E_DEADLINE_MS ?? 20 * 60_000);

const CHECKS = {
  start: 'product starts (backend, frontend, cluster simulator, Prometheus)',
  demoAlerts:
    'demo alerts stored and mapped (3 services, one correlated incident, 1 unmapped)',
  scans: 'every scanner runs on demand against the cluster simulator',
  prometheus: 'capacity and rule scans read the real Prometheus',
  tracer: 'tracer bullet',
  eventsIngress:
    'Alertmanager webhook through the events HTTP ingress opens an incident',
} as const;

const PLANNED = [
  CHECKS.start,
  CHECKS.demoAlerts,
  CHECKS.scans,
  CHECKS.prometheus,
  ...Object.values(JOURNEY_CHECKS),
  CHECKS.tracer,
  CHECKS.eventsIngress,
];

/** Runs every scanner now (as an SRE may), so FinOps and compliance have data. */
async function runScans(url: string): Promise<Check> {
  const name = CHECKS.scans;
  try {
    const token = await demoToken(url, 'user:default/sre-bob');
    const headers = { authorization: `Bearer ${token}` };
    for (const id of ['assets', 'rules', 'capacity', 'finops', 'compliance']) {
      const res = await fetch(`${url}/api/awoooi/scans/${id}/run`, {
        method: 'POST',
        headers,
      });
      if (res.status !== 202 && res.status !== 409)
        throw new Error(`${id}: HTTP ${res.status} ${await res.text()}`);
      const until = Date.now() + 60_000;
      for (;;) {
        const { items } = (await (
          await fetch(`${url}/api/awoooi/scans`, { headers })
        ).json()) as any;
        const scan = items.find((s: any) => s.scanId === id);
        if (scan && !scan.running && scan.lastRun) break;
        if (Date.now() > until) throw new Error(`${id} did not finish`);
        await new Promise(r => setTimeout(r, 250));
      }
    }
    const { items } = (await (
      await fetch(`${url}/api/awoooi/scans`, { headers })
    ).json()) as any;
    return {
      name,
      ok: true,
      detail: items
        .map((s: any) => `${s.scanId}: ${s.lastRun.status}`)
        .join(', '),
    };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

/** The capacity and rule scans read the real Prometheus the stack started. */
async function prometheusScansFoundData(url: string): Promise<Check> {
  const name = CHECKS.prometheus;
  try {
    const headers = {
      authorization: `Bearer ${await demoToken(url, 'user:default/sre-bob')}`,
    };
    const hosts = (
      (await (
        await fetch(`${url}/api/awoooi/capacity/hosts`, { headers })
      ).json()) as any
    ).items;
    const rules = (
      (await (
        await fetch(`${url}/api/awoooi/rules`, { headers })
      ).json()) as any
    ).items;
    if (!hosts?.length) throw new Error('no host capacity snapshot');
    if (!rules?.length) throw new Error('no alert rule synced');
    const host = hosts[0];
    return {
      name,
      ok: true,
      detail: `${host.instance}: CPU ${host.cpuPercent}%, memory ${host.memoryPercent}% → ${host.verdict}; ${rules.length} rules`,
    };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

/** The events plugin's HTTP ingress delivers through the event bus to AWOOOI. */
async function eventsIngressDelivers(url: string): Promise<Check> {
  const name = CHECKS.eventsIngress;
  try {
    const body = {
      version: '4',
      status: 'firing',
      receiver: 'awoooi',
      groupKey: '{}:{e2e}',
      truncatedAlerts: 0,
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'CacheEvictions',
            service: 'redis',
            severity: 'warning',
          },
          annotations: { summary: 'redis evicting keys' },
          startsAt: new Date().toISOString(),
          fingerprint: 'e2e-events-1',
        },
      ],
    };
    const res = await fetch(`${url}/api/events/http/awoooi.alertmanager`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-awoooi-token':
          process.env.AWOOOI_INGEST_SECRET ?? 'local-dev-ingest-secret',
      },
      body: JSON.stringify(body),
    });
    if (res.status !== 202) throw new Error(`ingress answered ${res.status}`);
    const token = await demoToken(url, 'user:default/sre-bob');
    const until = Date.now() + 30_000;
    for (;;) {
      const { items } = (await (
        await fetch(
          `${url}/api/awoooi/incidents?entityRef=resource:default/redis-cache`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        )
      ).json()) as any;
      if (items?.some((i: any) => i.groupKey === 'CacheEvictions'))
        return { name, ok: true };
      if (Date.now() > until)
        throw new Error('no incident for redis-cache after 30 s');
      await new Promise(r => setTimeout(r, 250));
    }
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

/** Runs every check in order against the started product. */
async function runChecks(
  plan: CheckPlan,
  started: (stack: Stack) => void,
  reports: string,
) {
  const stack = await startStack(reports);
  started(stack);
  plan.record({ name: CHECKS.start, ok: true, detail: stack.url });
  const summary = await sendDemoAlerts(stack.url, 0);
  plan.record({
    name: CHECKS.demoAlerts,
    ok:
      summary.created === 4 &&
      summary.unmapped === 1 &&
      summary.incidentsOpened.length === 1,
    detail: JSON.stringify(summary),
  });
  plan.record(await runScans(stack.url));
  plan.record(await prometheusScansFoundData(stack.url));
  await runBrowserJourney(stack.url, join(ROOT, 'e2e/screenshots'), plan);
  // The journey executed the demo outage's fix; its alerts resolve, so the
  // tracer bullet's alerts are an outage of their own, not part of this one.
  await sendDemoAlerts(stack.url, 0, 'resolved');
  plan.record(await tracerBullet(stack, reports));
  // Last: a cache alert through the events ingress opens its own incident.
  plan.record(await eventsIngressDelivers(stack.url));
}

async function tracerBullet(stack: Stack, reports: string): Promise<Check> {
  const lines: string[] = [];
  const ok = await runTracerBullet({
    url: stack.url,
    secret: process.env.AWOOOI_INGEST_SECRET ?? 'local-dev-ingest-secret',
    approvers: ['user:default/devops-alice', 'user:default/sre-bob'],
    kubeUrl: stack.kubeUrl,
    kubeToken: stack.kubeToken,
    timeoutMs: 60_000,
    out: line => lines.push(line),
  });
  console.log(lines.join('\n'));
  writeFileSync(join(reports, 'tracer-bullet.txt'), `${lines.join('\n')}\n`);
  return {
    name: CHECKS.tracer,
    ok,
    detail: lines.find(l => l.startsWith('Status:')),
  };
}

/** Resolves with why the run stopped early, if it did. */
function runWithinDeadline(run: Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>(resolve => {
    timer = setTimeout(
      () => resolve(`the ${Math.round(DEADLINE_MS / 1000)} s deadline passed`),
      DEADLINE_MS,
    );
  });
  return Promise.race([
    run.then(
      () => 'the run ended before it',
      error => `the run stopped: ${errorMessage(error)}`,
    ),
    deadline,
  ]).finally(() => clearTimeout(timer));
}

function copyScreenshotsToDocs() {
  const screenshots = join(ROOT, 'e2e/screenshots');
  const docs = join(ROOT, 'docs/screenshots');
  mkdirSync(docs, { recursive: true });
  for (const f of (existsSync(screenshots)
    ? readdirSync(screenshots)
    : []
  ).filter(n => n.endsWith('.png') && !n.startsWith('failed-'))) {
    cpSync(join(screenshots, f), join(docs, f));
  }
}

async function main() {
  const reports = resolve(process.argv[2] ?? join(ROOT, '.test-reports'));
  mkdirSync(reports, { recursive: true });
  const plan = new CheckPlan(PLANNED);
  let stack: Stack | undefined;
  const reason = await runWithinDeadline(
    runChecks(plan, s => (stack = s), reports),
  );
  // Bounded: a stuck stop must not outlive the deadline by much.
  await Promise.race([
    stack?.stop(),
    new Promise(r => setTimeout(r, 30_000)),
  ]).catch(() => {});
  const checks = plan.finish(reason);
  for (const c of checks)
    console.log(
      `${c.ok ? '[x]' : '[ ]'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`,
    );
  const passed = checks.filter(c => c.ok).length;
  writeFileSync(
    join(reports, 'e2e.counts'),
    `${passed} ${checks.length - passed}\n`,
  );
  if (process.env.AWOOOI_UPDATE_SCREENSHOTS === '1') copyScreenshotsToDocs();
  process.exit(passed === checks.length ? 0 : 1);
}

main();

/**
 * End-to-end run: the product started as the README's first command starts
 * it, a demo alert, the browser journey, then the tracer bullet.
 * Usage: node -r @backstage/cli/config/nodeTransform.cjs e2e/runE2e.ts <reportsDir>
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { runTracerBullet } from '../packages/cli/src/tracer/tracerBullet';
import { sendDemoAlerts } from '../scripts/demo-alerts';
import { runBrowserJourney, Check } from './browserJourney';
import { demoToken, ROOT, startStack } from './harness';

/** Runs every scanner now (as an SRE may), so FinOps and compliance have data. */
async function runScans(url: string): Promise<Check> {
  const name = 'every scanner runs on demand against the cluster simulator';
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
  const name = 'capacity and rule scans read the real Prometheus';
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
  const name =
    'Alertmanager webhook through the events HTTP ingress opens an incident';
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

async function main() {
  const reports = resolve(process.argv[2] ?? join(ROOT, '.test-reports'));
  mkdirSync(reports, { recursive: true });
  const screenshots = join(ROOT, 'e2e/screenshots');
  const checks: Check[] = [];
  let stack;
  try {
    stack = await startStack(reports);
    checks.push({
      name: 'product starts (backend, frontend, cluster simulator, Prometheus)',
      ok: true,
      detail: stack.url,
    });
  } catch (error) {
    checks.push({
      name: 'product starts (backend, frontend, cluster simulator, Prometheus)',
      ok: false,
      detail: (error as Error).message,
    });
  }
  if (stack) {
    try {
      const summary = await sendDemoAlerts(stack.url, 0);
      checks.push({
        name: 'demo alerts stored and mapped (3 services, 1 unmapped)',
        ok:
          summary.created === 4 &&
          summary.unmapped === 1 &&
          summary.incidentsOpened.length === 3,
        detail: JSON.stringify(summary),
      });
      checks.push(await runScans(stack.url));
      checks.push(await prometheusScansFoundData(stack.url));
      checks.push(...(await runBrowserJourney(stack.url, screenshots)));
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
      writeFileSync(
        join(reports, 'tracer-bullet.txt'),
        `${lines.join('\n')}\n`,
      );
      checks.push({
        name: 'tracer bullet',
        ok,
        detail: lines.find(l => l.startsWith('Status:')),
      });
      // Last: a cache alert adds a second root cause (and a second proposal)
      // to the frontend incidents the journey and the tracer bullet sign.
      checks.push(await eventsIngressDelivers(stack.url));
    } catch (error) {
      checks.push({
        name: 'end-to-end run',
        ok: false,
        detail: (error as Error).message,
      });
    } finally {
      await stack.stop();
    }
  }
  for (const c of checks)
    console.log(
      `${c.ok ? '[x]' : '[ ]'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`,
    );
  const passed = checks.filter(c => c.ok).length;
  writeFileSync(
    join(reports, 'e2e.counts'),
    `${passed} ${checks.length - passed}\n`,
  );
  if (process.env.AWOOOI_UPDATE_SCREENSHOTS === '1') {
    const docs = join(ROOT, 'docs/screenshots');
    mkdirSync(docs, { recursive: true });
    for (const f of (existsSync(screenshots)
      ? readdirSync(screenshots)
      : []
    ).filter(n => n.endsWith('.png') && !n.startsWith('failed-'))) {
      cpSync(join(screenshots, f), join(docs, f));
    }
  }
  process.exit(passed === checks.length ? 0 : 1);
}

main();

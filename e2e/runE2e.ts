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
import { ROOT, startStack } from './harness';

async function main() {
  const reports = resolve(process.argv[2] ?? join(ROOT, '.test-reports'));
  mkdirSync(reports, { recursive: true });
  const screenshots = join(ROOT, 'e2e/screenshots');
  const checks: Check[] = [];
  let stack;
  try {
    stack = await startStack(reports);
    checks.push({ name: 'product starts (backend, frontend, cluster simulator)', ok: true, detail: stack.url });
  } catch (error) {
    checks.push({ name: 'product starts (backend, frontend, cluster simulator)', ok: false, detail: (error as Error).message });
  }
  if (stack) {
    try {
      const summary = await sendDemoAlerts(stack.url, 0);
      checks.push({
        name: 'demo alerts stored and mapped (3 services, 1 unmapped)',
        ok: summary.created === 4 && summary.unmapped === 1 && summary.incidentsOpened.length === 3,
        detail: JSON.stringify(summary),
      });
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
      writeFileSync(join(reports, 'tracer-bullet.txt'), `${lines.join('\n')}\n`);
      checks.push({ name: 'tracer bullet', ok, detail: lines.find(l => l.startsWith('Status:')) });
    } catch (error) {
      checks.push({ name: 'end-to-end run', ok: false, detail: (error as Error).message });
    } finally {
      await stack.stop();
    }
  }
  for (const c of checks) console.log(`${c.ok ? '[x]' : '[ ]'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`);
  const passed = checks.filter(c => c.ok).length;
  writeFileSync(join(reports, 'e2e.counts'), `${passed} ${checks.length - passed}\n`);
  if (process.env.AWOOOI_UPDATE_SCREENSHOTS === '1') {
    const docs = join(ROOT, 'docs/screenshots');
    mkdirSync(docs, { recursive: true });
    for (const f of (existsSync(screenshots) ? readdirSync(screenshots) : []).filter(n => n.endsWith('.png') && !n.startsWith('failed-'))) {
      cpSync(join(screenshots, f), join(docs, f));
    }
  }
  process.exit(passed === checks.length ? 0 : 1);
}

main();

/**
 * The adopter test (see run.sh). Each step is one check; after a failure the
 * remaining steps are reported as skipped. Summary and timings go to
 * <reports>/adopter-summary.txt, counts to <reports>/adopter.counts.
 * Usage: node -r @backstage/cli/config/nodeTransform.cjs adopter/runAdopter.ts <reportsDir>
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkEntityPage } from './browser';
import { run } from './process';
import { INGEST_SECRET, prepareStack, Stack } from './stack';
import {
  buildAndPack,
  buildFrontend,
  install,
  scaffold,
  wire,
  Work,
} from './steps';
import { proxiedUserToken } from './tokens';
import { Tarball } from './wireApp';

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
  seconds?: number;
}

async function runTracer(w: Work, stack: Stack, reports: string) {
  const tokens = [
    await proxiedUserToken(stack.url, 'devops-alice'),
    await proxiedUserToken(stack.url, 'sre-bob'),
  ];
  const logPath = join(reports, 'adopter-tracer-bullet.txt');
  writeFileSync(logPath, '');
  try {
    await run(
      'yarn',
      [
        'awoooi',
        'tracer-bullet',
        '--url',
        stack.url,
        '--secret',
        INGEST_SECRET,
        '--kube-url',
        stack.kubeUrl,
        '--kube-token',
        stack.kubeToken,
        '--timeout',
        '120',
      ],
      {
        cwd: w.appDir,
        logPath,
        timeoutMs: 300_000,
        env: { ...process.env, AWOOOI_APPROVER_TOKENS: tokens.join(',') },
      },
    );
  } finally {
    console.log(readFileSync(logPath, 'utf8'));
  }
  return "ALL PASSED with the approvers' proxied sign-in tokens";
}

function plan(
  w: Work,
  reports: string,
  state: { tarballs: Tarball[]; stack?: Stack },
) {
  const steps: Array<[string, () => Promise<string | void>]> = [
    [
      'yarn build and pack the publishable packages',
      async () => {
        state.tarballs = await buildAndPack(w);
        return state.tarballs
          .map(t => `${t.name} ${sizeOf(t.file)}`)
          .join(', ');
      },
    ],
    ['create a new app with @backstage/create-app', () => scaffold(w)],
    ['wire AWOOOI as the READMEs say', async () => wire(w, state.tarballs)],
    ['install from the tarballs', () => install(w)],
    [
      'production frontend build',
      async () => {
        // The build reads the app's config, which names the port the
        // backend will listen on and the simulator's URL.
        state.stack = await prepareStack(w);
        await buildFrontend(w, state.stack.configFile);
      },
    ],
    [
      'start the app (SQLite, cluster simulator)',
      async () => {
        await state.stack!.start();
        return state.stack!.url;
      },
    ],
    [
      'tracer bullet (packed CLI, real user tokens)',
      () => runTracer(w, state.stack!, reports),
    ],
    [
      'entity page in Chromium: Incidents tab, analysis, approval card',
      () => checkEntityPage(state.stack!.url, reports),
    ],
  ];
  return steps;
}

function sizeOf(file: string) {
  const { size } = require('fs').statSync(file);
  return `${(size / 1024).toFixed(1)} kB`;
}

async function runSteps(steps: Array<[string, () => Promise<string | void>]>) {
  const checks: Check[] = [];
  for (const [name, fn] of steps) {
    if (checks.some(c => !c.ok)) {
      console.log(`[ ] ${name} — skipped`);
      continue;
    }
    const started = Date.now();
    try {
      const detail = await fn();
      checks.push({ name, ok: true, detail: detail || undefined });
    } catch (error) {
      checks.push({ name, ok: false, detail: (error as Error).message });
    }
    const c = checks[checks.length - 1];
    c.seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `${c.ok ? '[x]' : '[ ]'} ${name} (${c.seconds} s)${
        c.detail ? ` — ${c.detail}` : ''
      }`,
    );
  }
  return checks;
}

function summarize(checks: Check[], reports: string) {
  const passed = checks.filter(c => c.ok).length;
  const fromTarballs = checks
    .slice(1, 7)
    .reduce((sum, c) => sum + (c.seconds ?? 0), 0);
  const lines = checks.map(
    c =>
      `${c.ok ? 'PASS' : 'FAIL'} ${c.seconds} s  ${c.name}${
        c.detail ? ` — ${c.detail}` : ''
      }`,
  );
  if (passed === checks.length && checks.length >= 7)
    lines.push(`tarballs → passing tracer bullet: ${fromTarballs} s`);
  writeFileSync(join(reports, 'adopter-summary.txt'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(reports, 'adopter.counts'),
    `${passed} ${checks.length - passed}\n`,
  );
  console.log(lines[lines.length - 1]);
  return passed === checks.length;
}

async function main() {
  const reports = process.argv[2];
  mkdirSync(reports, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'awoooi-adopter-'));
  const w: Work = {
    dir,
    appDir: join(dir, 'app'),
    tarballDir: join(dir, 'tarballs'),
    logPath: join(reports, 'adopter.log'),
    reports,
  };
  writeFileSync(w.logPath, '');
  console.log(`[adopter] working in ${dir}; log ${w.logPath}`);
  const state: { tarballs: Tarball[]; stack?: Stack } = { tarballs: [] };
  let ok = false;
  try {
    ok = summarize(await runSteps(plan(w, reports, state)), reports);
  } finally {
    await state.stack?.stop();
    // rm is much faster than rmSync on the app's 2 GB of node_modules.
    if (process.env.AWOOOI_ADOPTER_KEEP !== '1')
      spawnSync('rm', ['-rf', dir], { timeout: 600_000 });
  }
  process.exit(ok ? 0 : 1);
}

main();

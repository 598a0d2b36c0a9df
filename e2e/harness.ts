import { ChildProcess, execFileSync, spawn } from 'child_process';
import {
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import {
  containerMetrics,
  demoUsagePlans,
  startKubeTestServer,
} from '@internal/kube-test-server';
import { freePort } from '../packages/test-utils/src/processes';
import { fetchWithTimeout as fetch } from './checks';

export const ROOT = resolve(__dirname, '..');

export interface Stack {
  url: string;
  kubeUrl: string;
  kubeToken: string;
  stop(): Promise<void>;
}

/**
 * The product as the README's start command runs it, on free ports: the
 * cluster simulator and the backend serving the built frontend, with the
 * demo configuration (demo sign-in, demo catalog, SQLite).
 */
/** Debian's Prometheus scraping node_exporter on free loopback ports, with the demo rules. */
async function startPrometheus(
  reportsDir: string,
  /** OpenMetrics backfilled before start (the demo's container use). */
  backfill: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'awoooi-e2e-prom-'));
  writeFileSync(join(dir, 'backfill.om'), backfill);
  execFileSync('promtool', [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    join(dir, 'backfill.om'),
    join(dir, 'data'),
  ]);
  const exporterPort = await freePort();
  const promPort = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    readFileSync(join(ROOT, 'scripts/demo/prometheus.yml'), 'utf8').replace(
      '127.0.0.1:19100',
      `127.0.0.1:${exporterPort}`,
    ),
  );
  writeFileSync(
    join(dir, 'rules.yml'),
    readFileSync(join(ROOT, 'scripts/demo/rules.yml')),
  );
  const out = createWriteStream(join(reportsDir, 'e2e-prometheus.log'));
  const children = [
    spawn(
      'prometheus-node-exporter',
      [`--web.listen-address=127.0.0.1:${exporterPort}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
    spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        `--web.external-url=http://127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  ];
  // Four sources share one log: none may end it, or the others' last lines
  // at shutdown are writes after its end, an unhandled stream error.
  for (const child of children) {
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
  }
  const url = `http://127.0.0.1:${promPort}`;
  const stop = async () => {
    for (const child of children)
      if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 30_000;
  // Ready, and the exporter scraped at least once.
  for (;;) {
    try {
      const res = await fetch(`${url}/api/v1/query?query=up`);
      const body = (await res.json()) as any;
      if (body.data?.result?.some((r: any) => r.value?.[1] === '1'))
        return { url, stop };
    } catch {
      // starting
    }
    if (Date.now() > until) {
      await stop();
      throw new Error('Prometheus did not scrape node_exporter in 30 s');
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

export async function startStack(reportsDir: string): Promise<Stack> {
  const kube = await startKubeTestServer({
    seed: 'demo',
    finopsStory: true,
    token: 'demo-token',
    randomSeed: 3,
  });
  const prometheus = await startPrometheus(
    reportsDir,
    containerMetrics(demoUsagePlans(kube.store), new Date(), 8),
  );
  const kubePort = new URL(kube.url).port;
  const port = await freePort();
  const logPath = join(reportsDir, 'e2e-backend.log');
  writeFileSync(logPath, '');
  const log = createWriteStream(logPath, { flags: 'a' });
  const backend: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      join(ROOT, 'app-config.yaml'),
      '--config',
      join(ROOT, 'app-config.demo.yaml'),
      '--config',
      join(ROOT, 'e2e/app-config.e2e.yaml'),
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        AWOOOI_E2E_PORT: String(port),
        AWOOOI_E2E_PROMETHEUS_URL: prometheus.url,
        AWOOOI_DEMO_KUBE_PORT: kubePort,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Neither output may end the shared log while the other still writes.
  backend.stdout?.pipe(log, { end: false });
  backend.stderr?.pipe(log, { end: false });
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (backend.exitCode === null) {
      const exited = new Promise(r => backend.once('exit', r));
      backend.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (backend.exitCode === null) backend.kill('SIGKILL');
    }
    await kube.close();
    await prometheus.stop();
  };
  const until = Date.now() + 180_000;
  for (;;) {
    const failed = /Backend startup failed[^\n]*\n[^\n]*/.exec(
      readFileSync(logPath, 'utf8'),
    );
    if (backend.exitCode !== null || failed) {
      await stop();
      throw new Error(
        `backend did not start: ${
          failed?.[0].replace(/\s+/g, ' ') ?? `exit ${backend.exitCode}`
        }`,
      );
    }
    try {
      if ((await fetch(`${url}/api/awoooi/health`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > until) {
      await stop();
      throw new Error('backend did not become healthy in 180 s');
    }
    await new Promise(r => setTimeout(r, 500));
  }
  // The catalog reads examples/ right after start: demo users can sign in
  // (the resolver looks them up) and the demo service is there.
  for (;;) {
    try {
      const catalog = await fetch(
        `${url}/api/catalog/entities/by-name/component/default/frontend`,
        {
          headers: {
            authorization: `Bearer ${await demoToken(
              url,
              'user:default/dev-frank',
            )}`,
          },
        },
      );
      if (catalog.ok) break;
    } catch {
      // users not ingested yet
    }
    if (Date.now() > until) {
      await stop();
      throw new Error('the demo catalog was not ingested in time');
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  return { url, kubeUrl: kube.url, kubeToken: kube.token, stop };
}

export async function demoToken(
  url: string,
  userEntityRef: string,
): Promise<string> {
  const res = await fetch(`${url}/api/auth/demo/refresh?optional=false`, {
    headers: {
      'x-demo-user': userEntityRef,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  if (!res.ok) throw new Error(`demo sign-in failed: HTTP ${res.status}`);
  return ((await res.json()) as any).backstageIdentity.token;
}

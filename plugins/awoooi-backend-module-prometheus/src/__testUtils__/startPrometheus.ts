import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A loopback port free a moment ago (the OS picks it); someone may take it
 * before use, so {@link startPrometheus} retries on another port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  ms = 20_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface RunningPrometheus {
  url: string;
  /** Replaces the rules file and reloads the configuration. */
  setRules(yaml: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the machine's Prometheus (Debian package) on a free loopback port
 * with a 1 s scrape interval, tmp storage and a rules file.
 */
export async function startPrometheus(options: {
  scrapeTargets?: string[];
  rules?: string;
}): Promise<RunningPrometheus> {
  for (let attempt = 1; ; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'awoooi-prom-'));
    try {
      return await startPrometheusIn(dir, await freePort(), options);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      // The port was taken between choosing and binding it: another one.
      const inUse = /address already in use/.test((error as Error).message);
      if (!inUse || attempt >= 5) throw error;
    }
  }
}

async function startPrometheusIn(
  dir: string,
  port: number,
  options: { scrapeTargets?: string[]; rules?: string },
): Promise<RunningPrometheus> {
  const url = `http://127.0.0.1:${port}`;
  const rulesFile = join(dir, 'rules.yml');
  await writeFile(rulesFile, options.rules ?? 'groups: []\n');
  const targets = options.scrapeTargets ?? [`127.0.0.1:${port}`];
  await writeFile(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${rulesFile}`,
      'scrape_configs:',
      '  - job_name: test',
      '    static_configs:',
      `      - targets: [${targets.map(t => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const ready = async () =>
    child.exitCode !== null || (await fetch(`${url}/-/ready`)).ok;
  try {
    await waitUntil(ready, 'Prometheus to be ready');
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
  return {
    url,
    async setRules(yaml) {
      await writeFile(rulesFile, yaml);
      const res = await fetch(`${url}/-/reload`, { method: 'POST' });
      if (!res.ok) throw new Error(`reload failed: ${await res.text()}`);
    },
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { onFreePort } from './processes';

export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

interface Proc {
  child: ChildProcess;
  stderr: () => string;
}

function start(binary: string, args: string[]): Proc {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return { child, stderr: () => stderr };
}

function stop({ child }: Proc): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(resolve => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Resolves once `url` answers; throws with its stderr (and stops it) if it exits. */
async function ready(proc: Proc, url: string, what: string) {
  let exited: string | undefined;
  try {
    await waitFor(async () => {
      if (proc.child.exitCode !== null) {
        exited = `${what} exited: ${proc.stderr()}`;
        return true;
      }
      return (await fetch(url)).ok;
    }, what);
  } catch (error) {
    await stop(proc);
    throw error;
  }
  if (exited) throw new Error(exited);
}

export interface LocalNodeExporter {
  /** `127.0.0.1:<port>`, the `instance` label Prometheus gives it. */
  address: string;
  stop(): Promise<void>;
}

/** The machine's node_exporter (Debian `prometheus-node-exporter`) on a free port. */
export function startNodeExporter(): Promise<LocalNodeExporter> {
  return onFreePort(async port => {
    const address = `127.0.0.1:${port}`;
    const proc = start('/usr/bin/prometheus-node-exporter', [
      `--web.listen-address=${address}`,
      '--log.level=warn',
    ]);
    await ready(proc, `http://${address}/metrics`, 'node_exporter');
    return { address, stop: () => stop(proc) };
  });
}

export interface LocalPrometheus {
  url: string;
  /** Rewrites the rules file and reloads Prometheus (`POST /-/reload`). */
  setRules(yaml: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The machine's Prometheus (Debian package) on a free loopback port: 1 s
 * scrape and evaluation interval, tmp storage, lifecycle API on. `openMetrics`
 * is backfilled into the storage with promtool before start, so tests can
 * have days of history.
 */
export function startPrometheus(options: {
  scrapeTargets?: string[];
  rules?: string;
  openMetrics?: string;
}): Promise<LocalPrometheus> {
  return onFreePort(async port => {
    const dir = await mkdtemp(join(tmpdir(), 'awoooi-scan-prom-'));
    try {
      return await startPrometheusIn(dir, port, options);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  });
}

async function startPrometheusIn(
  dir: string,
  port: number,
  options: { scrapeTargets?: string[]; rules?: string; openMetrics?: string },
): Promise<LocalPrometheus> {
  const url = `http://127.0.0.1:${port}`;
  const rulesFile = join(dir, 'rules.yml');
  const data = join(dir, 'data');
  await writeFile(rulesFile, options.rules ?? 'groups: []\n');
  const targets = (options.scrapeTargets ?? []).map(t => `'${t}'`).join(', ');
  await writeFile(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${rulesFile}\n` +
      `scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [${targets}]\n`,
  );
  if (options.openMetrics) {
    const input = join(dir, 'backfill.om');
    await writeFile(input, options.openMetrics);
    await promisify(execFile)('/usr/bin/promtool', [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      input,
      data,
    ]);
  }
  const proc = start('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${data}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=${url}`,
    '--web.enable-lifecycle',
    '--log.level=warn',
  ]);
  await ready(proc, `${url}/-/ready`, 'Prometheus');
  return {
    url,
    async setRules(yaml) {
      await writeFile(rulesFile, yaml);
      const res = await fetch(`${url}/-/reload`, { method: 'POST' });
      if (!res.ok) throw new Error(`reload failed: ${await res.text()}`);
    },
    async stop() {
      await stop(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

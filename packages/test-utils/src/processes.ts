import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * A loopback port free a moment ago (the OS picks it). Another process may
 * take it before it is used: servers that can bind port 0 should, and a
 * binary that needs a port given up front starts through {@link onFreePort}.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const ADDRESS_IN_USE = /EADDRINUSE|address already in use/i;

/**
 * Starts something on a free port, and again on another one when the port
 * was taken between choosing it and binding it (on a busy machine other
 * test processes pick ports too). `start` must clean up after itself and
 * throw an error naming the bind failure.
 */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      if (attempt >= attempts || !ADDRESS_IN_USE.test(message)) throw error;
    }
  }
}

export interface RunningProcess {
  dir: string;
  output: () => string;
  /** Null while it runs. */
  exitCode: () => number | null;
  stop(): Promise<void>;
}

/** Starts a real server binary in a temporary folder and stops it by PID. */
export function startProcess(
  command: string,
  args: (dir: string) => string[],
): RunningProcess {
  const dir = mkdtempSync(join(tmpdir(), 'awoooi-test-'));
  let output = '';
  const child: ChildProcess = spawn(command, args(dir), {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', d => (output += d));
  child.stderr?.on('data', d => (output += d));
  return {
    dir,
    output: () => output,
    exitCode: () => child.exitCode,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `url` answers 2xx; fails early, with its output, if `proc` exits. */
export async function waitForHttp(
  url: string,
  timeoutMs = 20_000,
  proc?: RunningProcess,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exitCode() !== null)
      throw new Error(
        `${url}: the process exited: ${proc.output().slice(-2000)}`,
      );
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise(r => setTimeout(r, 100));
  }
}

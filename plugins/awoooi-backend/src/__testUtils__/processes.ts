import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

/** A free loopback port (the OS picks it; a race with others is unlikely in tests). */
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

export interface RunningProcess {
  dir: string;
  output: () => string;
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

export async function waitForHttp(url: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
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

import { spawn } from 'node:child_process';

export interface RunOptions {
  argv: string[];
  cwd?: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export interface RunResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr as they came, cut at maxOutputBytes. */
  output: string;
  truncated: boolean;
  timedOut: boolean;
  /** Set when the executable could not be started at all. */
  spawnError?: string;
}

/** Time a process gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 5_000;

/** Only what a process needs to run; nothing of the backend's own environment leaks. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/**
 * Runs one process from an argv array — `spawn` without a shell — with a
 * timeout (SIGTERM, then SIGKILL) and a cap on the output it keeps.
 */
export function runProcess(options: RunOptions): Promise<RunResult> {
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let timedOut = false;
    const child = spawn(options.argv[0], options.argv.slice(1), {
      cwd: options.cwd,
      env: { ...baseEnv(), ...options.env },
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      const room = options.maxOutputBytes - size;
      if (room <= 0) {
        truncated = true;
        return;
      }
      if (chunk.length > room) truncated = true;
      const part = chunk.subarray(0, room);
      chunks.push(part);
      size += part.length;
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    const finish = (result: Partial<RunResult>) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', stop);
      resolve({
        code: null,
        signal: null,
        output: Buffer.concat(chunks).toString('utf8'),
        truncated,
        timedOut,
        ...result,
      });
    };
    child.once('error', error => finish({ spawnError: error.message }));
    child.once('close', (code, signal) => finish({ code, signal }));
  });
}

/** One line on how a run ended. */
export function describeEnd(result: RunResult, timeoutMs: number): string {
  if (result.spawnError) return `could not start: ${result.spawnError}`;
  if (result.timedOut)
    return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (result.signal) return `ended by ${result.signal}`;
  return `exit code ${result.code}`;
}

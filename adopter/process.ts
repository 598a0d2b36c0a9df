import { ChildProcess, spawn } from 'child_process';
import { createWriteStream, readFileSync } from 'fs';

export interface RunOptions {
  cwd: string;
  /** Appended to, so one log holds every command of the run. */
  logPath: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion within a time limit; its output goes to the log. */
export async function run(
  command: string,
  args: string[],
  o: RunOptions,
): Promise<void> {
  const log = createWriteStream(o.logPath, { flags: 'a' });
  log.write(`\n$ (cd ${o.cwd} && ${command} ${args.join(' ')})\n`);
  const child = spawn(command, args, {
    cwd: o.cwd,
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
  const code = await new Promise<number | null>(resolve =>
    child.once('exit', c => resolve(c)),
  );
  clearTimeout(timer);
  await new Promise(r => log.end(r));
  if (code !== 0) {
    const tail = readFileSync(o.logPath, 'utf8').split('\n').slice(-25);
    throw new Error(
      `${command} ${args.join(' ')} ${
        code === null
          ? `timed out after ${o.timeoutMs / 1000} s`
          : `exit ${code}`
      }\n${tail.join('\n')}`,
    );
  }
}

/** A long-running child (a server) stopped by its PID. */
export interface Server {
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startServer(
  command: string,
  args: string[],
  o: Omit<RunOptions, 'timeoutMs'>,
): Server {
  const log = createWriteStream(o.logPath, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: o.cwd,
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return {
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    },
  };
}

/** Polls `fn` until it returns a value, at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}${last ? ` (${last})` : ''}`,
      );
    await new Promise(r => setTimeout(r, 1000));
  }
}

import type { Command } from 'commander';
import { runTracerBullet } from '../tracer/tracerBullet';
import { UsageError } from '../usage';

export function registerTracerBulletCommand(program: Command) {
  program
    .command('tracer-bullet')
    .description(
      'Run the full loop against a running backend: alert → analysis → proposal → multi-sig → execution',
    )
    .requiredOption(
      '--url <url>',
      'backend base URL, e.g. http://localhost:7007',
    )
    .option(
      '--secret <secret>',
      'alert ingest shared secret',
      process.env.AWOOOI_INGEST_SECRET ?? 'local-dev-ingest-secret',
    )
    .option(
      '--approver-token <token>',
      "an approver's Backstage user token; give it twice (two approvers). Default: AWOOOI_APPROVER_TOKENS (comma-separated)",
      collect,
      [],
    )
    .option(
      '--approvers <refs>',
      'without tokens: two users to sign in as through the demo sign-in (comma-separated user refs)',
      'user:default/devops-alice,user:default/sre-bob',
    )
    .option(
      '--kube-url <url>',
      'cluster (simulator) API URL to verify the execution on',
    )
    .option('--kube-token <token>', 'bearer token for --kube-url', 'demo-token')
    .option('--timeout <seconds>', 'per-step timeout', '60')
    .action(async (opts: Record<string, any>) => {
      const approvers = splitList(opts.approvers);
      if (approvers.length !== 2)
        throw new UsageError('--approvers needs exactly two user refs');
      const tokens = approverTokens(opts.approverToken);
      const timeout = Number(opts.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0)
        throw new UsageError('--timeout must be a positive number of seconds');
      const ok = await runTracerBullet({
        url: opts.url,
        secret: opts.secret,
        approverTokens: tokens,
        approvers: [approvers[0], approvers[1]],
        kubeUrl: opts.kubeUrl,
        kubeToken: opts.kubeToken,
        timeoutMs: timeout * 1000,
        out: line => process.stdout.write(`${line}\n`),
      });
      if (!ok) process.exitCode = 1;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/** Two approvers' tokens from the options or the environment; none means demo sign-in. */
export function approverTokens(
  fromOptions: string[],
  env: NodeJS.ProcessEnv = process.env,
): [string, string] | undefined {
  const tokens = fromOptions.length
    ? fromOptions
    : splitList(env.AWOOOI_APPROVER_TOKENS);
  if (tokens.length === 0) return undefined;
  if (tokens.length !== 2 || tokens[0] === tokens[1])
    throw new UsageError(
      'give exactly two different approver tokens (--approver-token twice, or AWOOOI_APPROVER_TOKENS=a,b)',
    );
  return [tokens[0], tokens[1]];
}

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
      '--approvers <refs>',
      'two demo approvers (comma-separated user refs)',
      'user:default/devops-alice,user:default/sre-bob',
    )
    .option(
      '--kube-url <url>',
      'cluster (simulator) API URL to verify the execution on',
    )
    .option('--kube-token <token>', 'bearer token for --kube-url', 'demo-token')
    .option('--timeout <seconds>', 'per-step timeout', '60')
    .action(async (opts: Record<string, string>) => {
      const approvers = opts.approvers
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      if (approvers.length !== 2)
        throw new UsageError('--approvers needs exactly two user refs');
      const timeout = Number(opts.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0)
        throw new UsageError('--timeout must be a positive number of seconds');
      const ok = await runTracerBullet({
        url: opts.url,
        secret: opts.secret,
        approvers: [approvers[0], approvers[1]],
        kubeUrl: opts.kubeUrl,
        kubeToken: opts.kubeToken,
        timeoutMs: timeout * 1000,
        out: line => process.stdout.write(`${line}\n`),
      });
      if (!ok) process.exitCode = 1;
    });
}

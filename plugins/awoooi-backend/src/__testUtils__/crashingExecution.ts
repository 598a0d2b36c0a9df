import knexFactory from 'knex';
import {
  HangAt,
  proposalPipeline,
  ScriptedExecutor,
  workerFix,
} from './proposalPipeline';

/**
 * One backend instance that starts executing a fix and hangs at the step
 * named by AWOOOI_TEST_HANG_AT, reporting it on stdout, so that a test can
 * kill it there like a crashed pod. Runs in a child process:
 * `node -r sucrase/register/ts crashingExecution.ts`, with
 * AWOOOI_TEST_DATABASE (knex config as JSON) and AWOOOI_TEST_TIMEOUT_MS.
 */
async function main() {
  const knex = knexFactory(JSON.parse(process.env.AWOOOI_TEST_DATABASE!));
  const executor = new ScriptedExecutor({
    hangAt: process.env.AWOOOI_TEST_HANG_AT as HangAt,
    timeoutMs: Number(process.env.AWOOOI_TEST_TIMEOUT_MS),
    onHang: step => process.stdout.write(`hanging at ${step}\n`),
  });
  const { service } = await proposalPipeline(knex, executor);
  await service.propose(workerFix());
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});

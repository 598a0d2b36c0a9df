/**
 * The `awoooi` command line: the engines of AWOOOI for scripts and terminals.
 *
 * Exit codes: 0 success, 1 runtime error, 2 bad usage.
 */
import { Command, CommanderError } from 'commander';
import { UsageError } from './usage';
import { registerFinOpsCommand } from './commands/finops';
import { registerAnalyzeCommand } from './commands/analyze';
import { registerCorrelateCommand } from './commands/correlate';
import { registerTracerBulletCommand } from './commands/tracerBullet';
import { registerRedactCommand } from './commands/redact';

const program = new Command('awoooi')
  .description('AWOOOI engines on the command line')
  .exitOverride()
  .configureOutput({
    writeErr: text => process.stderr.write(text),
  });

// Each command registers itself; see src/commands/*.
registerRedactCommand(program);
registerFinOpsCommand(program);
registerAnalyzeCommand(program);
registerCorrelateCommand(program);
registerTracerBulletCommand(program);

async function main(argv: string[]) {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      process.exit(error.exitCode === 0 ? 0 : 2);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`awoooi: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`awoooi: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

main(process.argv);

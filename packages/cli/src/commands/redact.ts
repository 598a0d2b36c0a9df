/**
 * `awoooi redact [FILE|-] [--json]`: the Privacy Shield on a file or on
 * standard input. Prints the redacted text, or with `--json` the object
 * `{ text, entities: [{ type, start, end, label }] }` whose offsets index the
 * input (in UTF-16 code units, as JavaScript strings count). One invocation
 * is one scope: a value repeated anywhere in the input gets one label.
 */
import type { Command } from 'commander';
import { promises as fs } from 'fs';
import type { Readable } from 'stream';
import { PrivacyScope } from '@awoooi/plugin-awoooi-node';

export interface RedactCommandOptions {
  json?: boolean;
}

/** The command's work on text already read: returns what it prints. */
export function redactCommand(
  input: string,
  options: RedactCommandOptions = {},
): string {
  const { text, entities } = new PrivacyScope().redact(input);
  if (options.json) {
    return `${JSON.stringify({ text, entities }, null, 2)}\n`;
  }
  return text;
}

async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The text to redact: the file, or `stdin` when `file` is `-` or absent.
 * An unreadable file is a runtime error (exit 1) with a one-line reason.
 */
export async function readRedactInput(
  file: string | undefined,
  stdin: Readable = process.stdin,
): Promise<string> {
  if (file === undefined || file === '-') return readStream(stdin);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new Error(`cannot read ${file}: ${code ?? message}`);
  }
}

export function registerRedactCommand(program: Command): Command {
  return program
    .command('redact')
    .description(
      'hide personal data and secrets (IPs, e-mails, keys, cards, …) behind labels such as [IP_1]',
    )
    .argument('[file]', 'text to redact; "-" or nothing reads standard input')
    .option('--json', 'print { text, entities } with offsets into the input')
    .allowExcessArguments(false)
    .action(async (file: string | undefined, options: RedactCommandOptions) => {
      const input = await readRedactInput(file);
      process.stdout.write(redactCommand(input, options));
    });
}

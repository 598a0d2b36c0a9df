import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { Readable } from 'stream';
import { Command } from 'commander';
import {
  readRedactInput,
  redactCommand,
  registerRedactCommand,
} from './redact';

const ROOT = path.resolve(__dirname, '../../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/awoooi');

describe('redactCommand', () => {
  it('prints the redacted text, one label per distinct value', () => {
    expect(
      redactCommand('user 10.0.0.1 alice@x.io\nretry from 10.0.0.1\n'),
    ).toBe('user [IP_1] [EMAIL_1]\nretry from [IP_1]\n');
  });

  it('prints text and entities with offsets into the input for --json', () => {
    const input = 'user 10.0.0.1 alice@x.io\n';
    const out = redactCommand(input, { json: true });
    expect(out.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(out);
    expect(parsed).toEqual({
      text: 'user [IP_1] [EMAIL_1]\n',
      entities: [
        { type: 'IP', start: 5, end: 13, label: '[IP_1]' },
        { type: 'EMAIL', start: 14, end: 24, label: '[EMAIL_1]' },
      ],
    });
    expect(input.slice(5, 13)).toBe('10.0.0.1');
  });

  it('passes text without personal data through unchanged', () => {
    const text =
      '2026-11-24T03:12:45Z order-api-7f9c6d5b8-abcde v1.20.3 took 5m30s\n';
    expect(redactCommand(text)).toBe(text);
  });
});

describe('readRedactInput', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-redact-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads a file', async () => {
    const file = path.join(dir, 'in.log');
    await fs.writeFile(file, 'from 10.0.0.9');
    await expect(readRedactInput(file)).resolves.toBe('from 10.0.0.9');
  });

  it('reads standard input for - and for no file', async () => {
    await expect(
      readRedactInput(
        '-',
        Readable.from([Buffer.from('a '), Buffer.from('b')]),
      ),
    ).resolves.toBe('a b');
    await expect(
      readRedactInput(undefined, Readable.from(['é 10.0.0.1'])),
    ).resolves.toBe('é 10.0.0.1');
  });

  it('fails with a one-line reason for a missing file', async () => {
    const missing = path.join(dir, 'missing.log');
    await expect(readRedactInput(missing)).rejects.toThrow(
      `cannot read ${missing}: ENOENT`,
    );
  });
});

describe('registerRedactCommand', () => {
  it('adds a `redact` command that redacts a file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-redact-'));
    const file = path.join(dir, 'in.log');
    await fs.writeFile(file, 'mail bob@example.com\n');
    const program = new Command('awoooi').exitOverride();
    registerRedactCommand(program);
    const written: string[] = [];
    const spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: any) => {
        written.push(String(chunk));
        return true;
      });
    try {
      await program.parseAsync(['node', 'awoooi', 'redact', file]);
    } finally {
      spy.mockRestore();
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(written.join('')).toBe('mail [EMAIL_1]\n');
  });
});

describe('awoooi redact as a process', () => {
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [BIN, 'redact', ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('redacts standard input and exits 0', () => {
    const ok = run(['--json'], 'user 10.0.0.1 alice@x.io\n');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).text).toBe('user [IP_1] [EMAIL_1]\n');
  });

  it('exits 1 with one line for a missing file and 2 for bad usage', () => {
    const missing = run(['/nonexistent/awoooi-redact.log']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      'awoooi: cannot read /nonexistent/awoooi-redact.log: ENOENT\n',
    );
    expect(run(['--bogus']).status).toBe(2);
    expect(run(['a.log', 'b.log']).status).toBe(2);
  });
});

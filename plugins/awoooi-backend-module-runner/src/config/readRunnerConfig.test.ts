import { ConfigReader } from '@backstage/config';
import { readRunnerConfig } from './readRunnerConfig';

const read = (runner?: object) =>
  readRunnerConfig(new ConfigReader(runner ? { awoooi: { runner } } : {}));

describe('readRunnerConfig', () => {
  it('is off without commands or playbooks', () => {
    expect(read().runnables).toEqual([]);
    expect(read({ timeout: '1m' }).runnables).toEqual([]);
  });

  it('reads commands and playbooks with defaults', () => {
    const config = read({
      timeout: '2m',
      commands: {
        resize_node: {
          argv: ['/usr/local/bin/resize', '{target}', '--size', '{size}'],
          params: { size: { enum: ['m5.large', 'm5.xlarge'] } },
        },
      },
      playbooks: { patch: { playbook: 'patch.yml', risk: 'critical' } },
    });
    expect(config.runnables).toMatchObject([
      {
        kind: 'command',
        name: 'resize_node',
        risk: 'HIGH',
        timeoutMs: 120_000,
      },
      {
        kind: 'playbook',
        name: 'patch',
        risk: 'CRITICAL',
        inventory: 'localhost,',
      },
    ]);
    expect(config.maxOutputBytes).toBe(64 * 1024);
  });

  it.each([
    [
      { commands: { x: { argv: ['{p}'], params: { p: {} } } } },
      /executable \(first element\) must be fixed/,
    ],
    [
      { commands: { x: { argv: ['/bin/echo', '{nope}'] } } },
      /\{nope\} is not a declared parameter/,
    ],
    [
      { commands: { x: { argv: ['/bin/echo'], risk: 'huge' } } },
      /risk must be one of/,
    ],
    [
      {
        commands: {
          x: { argv: ['/bin/echo'], params: { p: { type: 'date' } } },
        },
      },
      /type must be one of/,
    ],
    [
      {
        commands: {
          x: { argv: ['/bin/echo'], params: { p: { pattern: '(' } } },
        },
      },
      /pattern/,
    ],
    [
      {
        commands: { x: { argv: ['/bin/echo'] } },
        playbooks: { x: { playbook: 'a.yml' } },
      },
      /both a command and a playbook/,
    ],
    [
      { maxOutputBytes: 10, commands: { x: { argv: ['/bin/echo'] } } },
      /maxOutputBytes/,
    ],
  ])('rejects %j', (runner, message) => {
    expect(() => read(runner)).toThrow(message);
  });
});

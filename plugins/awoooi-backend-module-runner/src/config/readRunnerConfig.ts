import type { Config } from '@backstage/config';
import { RISK_LEVELS, type RiskLevel } from '@awoooi/plugin-awoooi-common';
import { readDurationMs } from '@awoooi/plugin-awoooi-node';
import { PLACEHOLDER } from '../argv';
import { readParamSpecs, type ParamSpec } from './paramSpecs';

export const DEFAULT_RUNNER_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

interface RunnableBase {
  /** Config key; the action is `runner.<name>`. */
  name: string;
  description: string;
  risk: RiskLevel;
  cwd?: string;
  env: Record<string, string>;
  timeoutMs: number;
  params: Record<string, ParamSpec>;
}

export interface RunnerCommand extends RunnableBase {
  kind: 'command';
  argv: string[];
  checkArgv?: string[];
}

export interface RunnerPlaybook extends RunnableBase {
  kind: 'playbook';
  playbook: string;
  inventory: string;
}

export type Runnable = RunnerCommand | RunnerPlaybook;

export interface RunnerConfig {
  runnables: Runnable[];
  maxOutputBytes: number;
  ansiblePlaybook: string;
}

const NAME = /^[A-Za-z0-9_-]+$/;

function readRisk(config: Config, where: string): RiskLevel {
  const value = config.getOptionalString('risk') ?? 'HIGH';
  const upper = value.toUpperCase() as RiskLevel;
  if (!RISK_LEVELS.includes(upper)) {
    throw new Error(
      `${where}.risk must be one of ${RISK_LEVELS.join(', ')}, not '${value}'`,
    );
  }
  return upper;
}

function readEnv(config: Config): Record<string, string> {
  const env = config.getOptionalConfig('env');
  if (!env) return {};
  return Object.fromEntries(env.keys().map(k => [k, env.getString(k)]));
}

/** Every `{placeholder}` of a template must be a declared parameter or `target`. */
function checkTemplate(argv: string[], params: object, where: string) {
  if (argv.length === 0 || argv[0].includes('{')) {
    throw new Error(`${where}: the executable (first element) must be fixed`);
  }
  for (const element of argv) {
    for (const [, name] of element.matchAll(PLACEHOLDER)) {
      if (name !== 'target' && !(name in params)) {
        throw new Error(`${where}: {${name}} is not a declared parameter`);
      }
    }
  }
}

function readBase(
  config: Config,
  name: string,
  where: string,
  defaultTimeoutMs: number,
) {
  if (!NAME.test(name)) {
    throw new Error(`${where}: names are letters, digits, '_' or '-'`);
  }
  return {
    name,
    description: config.getOptionalString('description') ?? `Runs ${name}`,
    risk: readRisk(config, where),
    cwd: config.getOptionalString('cwd'),
    env: readEnv(config),
    timeoutMs: readDurationMs(config, 'timeout', defaultTimeoutMs),
    params: readParamSpecs(config.getOptionalConfig('params'), where),
  };
}

function readCommand(
  config: Config,
  name: string,
  timeoutMs: number,
): RunnerCommand {
  const where = `awoooi.runner.commands.${name}`;
  const base = readBase(config, name, where, timeoutMs);
  const argv = config.getStringArray('argv');
  const checkArgv = config.getOptionalStringArray('checkArgv');
  checkTemplate(argv, base.params, `${where}.argv`);
  if (checkArgv) checkTemplate(checkArgv, base.params, `${where}.checkArgv`);
  return { kind: 'command', ...base, argv, checkArgv };
}

function readPlaybook(
  config: Config,
  name: string,
  timeoutMs: number,
): RunnerPlaybook {
  const where = `awoooi.runner.playbooks.${name}`;
  return {
    kind: 'playbook',
    ...readBase(config, name, where, timeoutMs),
    playbook: config.getString('playbook'),
    inventory: config.getOptionalString('inventory') ?? 'localhost,',
  };
}

/** `awoooi.runner`: the named commands and playbooks; none when absent (the runner is off). */
export function readRunnerConfig(root: Config): RunnerConfig {
  const config = root.getOptionalConfig('awoooi.runner');
  const timeoutMs = config
    ? readDurationMs(config, 'timeout', DEFAULT_RUNNER_TIMEOUT_MS)
    : DEFAULT_RUNNER_TIMEOUT_MS;
  const commands = config?.getOptionalConfig('commands');
  const playbooks = config?.getOptionalConfig('playbooks');
  const runnables: Runnable[] = [
    ...(commands?.keys() ?? []).map(n =>
      readCommand(commands!.getConfig(n), n, timeoutMs),
    ),
    ...(playbooks?.keys() ?? []).map(n =>
      readPlaybook(playbooks!.getConfig(n), n, timeoutMs),
    ),
  ];
  const names = runnables.map(r => r.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) {
    throw new Error(
      `awoooi.runner: '${twice}' is both a command and a playbook`,
    );
  }
  const maxOutputBytes =
    config?.getOptionalNumber('maxOutputBytes') ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!Number.isInteger(maxOutputBytes) || maxOutputBytes < 1024) {
    throw new Error(
      'awoooi.runner.maxOutputBytes must be a whole number ≥ 1024',
    );
  }
  return {
    runnables,
    maxOutputBytes,
    ansiblePlaybook:
      config?.getOptionalString('ansiblePlaybook') ?? 'ansible-playbook',
  };
}

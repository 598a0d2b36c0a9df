import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type {
  ActionDefinition,
  ActionRequest,
  AwoooiActionExecutor,
  ExecutionOutcome,
  ExecutorContext,
  ExecutorDryRun,
} from '@awoooi/plugin-awoooi-node';
import { describeZodError } from '@awoooi/plugin-awoooi-node';
import { fillArgv } from './argv';
import type { Runnable, RunnerConfig } from './config/readRunnerConfig';
import { paramsSchemaOf } from './config/paramSpecs';
import { describeEnd, runProcess, RunResult } from './runProcess';
import { locate } from './locate';

/** Output shown in a check or an outcome: its end, where errors are. */
const SHOWN_OUTPUT_CHARS = 2_000;

/** Ansible without colours, retry files or warnings about the implicit localhost. */
const ANSIBLE_ENV = {
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_RETRY_FILES_ENABLED: '0',
  ANSIBLE_LOCALHOST_WARNING: 'False',
  ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False',
};

export const RUNNER_ACTION_PREFIX = 'runner.';

function tail(output: string): string {
  const text = output.trim();
  return text.length > SHOWN_OUTPUT_CHARS
    ? `…${text.slice(-SHOWN_OUTPUT_CHARS)}`
    : text;
}

function summary(result: RunResult, timeoutMs: number, maxBytes: number) {
  const cut = result.truncated ? ` (output cut at ${maxBytes} bytes)` : '';
  const out = tail(result.output);
  return `${describeEnd(result, timeoutMs)}${cut}${out ? `: ${out}` : ''}`;
}

type Parsed =
  | { ok: true; runnable: Runnable; values: Record<string, unknown> }
  | { ok: false; detail: string };

/**
 * Runs only the commands and playbooks named under `awoooi.runner`, each the
 * action `runner.<name>`, from argv arrays (never a shell string). Values
 * reach a command as whole argv elements and a playbook as `--extra-vars`
 * JSON. Output is capped and cut to its end; the executor boundary relabels
 * it with the Privacy Shield before anything stores or shows it, and it is
 * never logged.
 */
export class RunnerActionExecutor implements AwoooiActionExecutor {
  readonly id = 'runner';

  constructor(private readonly config: RunnerConfig) {}

  async listActions(): Promise<ActionDefinition[]> {
    return this.config.runnables.map(r => ({
      name: `${RUNNER_ACTION_PREFIX}${r.name}`,
      description: r.description,
      baseRisk: r.risk,
      paramsSchema: paramsSchemaOf(r.params),
    }));
  }

  targetFor(action: string): string | undefined {
    return this.find(action) ? `runner:${this.find(action)!.name}` : undefined;
  }

  async dryRun(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutorDryRun> {
    const parsed = this.parse(request);
    if (!parsed.ok) {
      return {
        checks: [{ name: 'params', outcome: 'fail', detail: parsed.detail }],
        state: { action: request.action },
      };
    }
    const { runnable, values } = parsed;
    const checks: DryRunCheck[] = [
      {
        name: 'params',
        outcome: 'pass',
        detail: `${request.action} with valid parameters`,
      },
    ];
    const found = await locate(runnable, this.config.ansiblePlaybook);
    checks.push(found.check);
    if (found.check.outcome !== 'fail') {
      checks.push(await this.check(runnable, values, context.signal));
    }
    return {
      checks,
      state: {
        action: request.action,
        kind: runnable.kind,
        digest: found.digest,
      },
    };
  }

  async execute(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutionOutcome> {
    const parsed = this.parse(request);
    if (!parsed.ok) return { ok: false, detail: parsed.detail };
    const { runnable, values } = parsed;
    if (context.signal?.aborted) {
      return { ok: false, detail: 'aborted before anything ran' };
    }
    const result = await this.run(
      runnable,
      this.argvOf(runnable, values, false),
      context.signal,
    );
    // Only how it ended: the output may hold personal data.
    context.logger.info(
      `runner ${runnable.name}: ${describeEnd(result, runnable.timeoutMs)}, ${
        result.output.length
      } characters of output`,
    );
    const ok = result.code === 0 && !result.timedOut;
    return {
      ok,
      detail: `${request.action}: ${summary(
        result,
        runnable.timeoutMs,
        this.config.maxOutputBytes,
      )}`,
    };
  }

  private find(action: string): Runnable | undefined {
    if (!action.startsWith(RUNNER_ACTION_PREFIX)) return undefined;
    const name = action.slice(RUNNER_ACTION_PREFIX.length);
    return this.config.runnables.find(r => r.name === name);
  }

  private parse(request: ActionRequest): Parsed {
    const runnable = this.find(request.action);
    if (!runnable) {
      return { ok: false, detail: `the runner offers no '${request.action}'` };
    }
    const parsed = paramsSchemaOf(runnable.params).safeParse(
      request.params ?? {},
    );
    if (!parsed.success) {
      const issues = describeZodError(parsed.error, { root: 'params' });
      return {
        ok: false,
        detail: `invalid params for ${request.action}: ${issues}`,
      };
    }
    return {
      ok: true,
      runnable,
      values: { ...parsed.data, target: request.target },
    };
  }

  /** The dry-run's `check`: the configured check command, or ansible's check mode. */
  private async check(
    runnable: Runnable,
    values: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<DryRunCheck> {
    if (runnable.kind === 'command' && !runnable.checkArgv) {
      return {
        name: 'check',
        outcome: 'warn',
        detail: `no checkArgv is configured, so nothing was simulated; it would run ${JSON.stringify(
          this.argvOf(runnable, values, false),
        )}`,
      };
    }
    const result = await this.run(
      runnable,
      this.argvOf(runnable, values, true),
      signal,
    );
    const what =
      runnable.kind === 'playbook'
        ? 'ansible-playbook --check --diff'
        : 'check command';
    return {
      name: 'check',
      outcome: result.code === 0 && !result.timedOut ? 'pass' : 'fail',
      detail: `${what}: ${summary(
        result,
        runnable.timeoutMs,
        this.config.maxOutputBytes,
      )}`,
    };
  }

  private argvOf(
    runnable: Runnable,
    values: Record<string, unknown>,
    check: boolean,
  ) {
    if (runnable.kind === 'command') {
      return fillArgv(check ? runnable.checkArgv! : runnable.argv, values);
    }
    const { target, ...params } = values;
    const extraVars = JSON.stringify({ ...params, awoooi_target: target });
    return [
      this.config.ansiblePlaybook,
      '-i',
      runnable.inventory,
      runnable.playbook,
      '--extra-vars',
      extraVars,
      ...(check ? ['--check', '--diff'] : []),
    ];
  }

  private run(runnable: Runnable, argv: string[], signal?: AbortSignal) {
    return runProcess({
      argv,
      cwd: runnable.cwd,
      env:
        runnable.kind === 'playbook'
          ? { ...ANSIBLE_ENV, ...runnable.env }
          : runnable.env,
      timeoutMs: runnable.timeoutMs,
      maxOutputBytes: this.config.maxOutputBytes,
      signal,
    });
  }
}

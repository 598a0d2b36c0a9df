/**
 * AWOOOI backend module: the shell/Ansible runner, an action executor for
 * the commands and playbooks named in config (`runner.<name>`).
 *
 * @packageDocumentation
 */
export { awoooiModuleRunner as default } from './module';
export {
  RunnerActionExecutor,
  RUNNER_ACTION_PREFIX,
} from './RunnerActionExecutor';
export {
  readRunnerConfig,
  DEFAULT_RUNNER_TIMEOUT_MS,
  DEFAULT_MAX_OUTPUT_BYTES,
  type RunnerConfig,
  type Runnable,
  type RunnerCommand,
  type RunnerPlaybook,
} from './config/readRunnerConfig';
export { paramsSchemaOf, type ParamSpec } from './config/paramSpecs';

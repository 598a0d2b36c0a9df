import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { awoooiExecutorsExtensionPoint } from '@awoooi/plugin-awoooi-node';
import { readRunnerConfig } from './config/readRunnerConfig';
import { RunnerActionExecutor } from './RunnerActionExecutor';

/**
 * The shell/Ansible runner: an executor for the commands and playbooks named
 * under `awoooi.runner`. Without any, it adds nothing (off by default).
 */
export const awoooiModuleRunner = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'runner',
  register(env) {
    env.registerInit({
      deps: {
        executors: awoooiExecutorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ executors, config, logger }) {
        const runner = readRunnerConfig(config);
        if (runner.runnables.length === 0) {
          logger.info(
            'awoooi.runner names no command or playbook; the runner is off',
          );
          return;
        }
        executors.addExecutor(new RunnerActionExecutor(runner));
        logger.info(
          `Added the runner executor: ${runner.runnables
            .map(r => `runner.${r.name} (${r.kind})`)
            .join(', ')}`,
        );
      },
    });
  },
});

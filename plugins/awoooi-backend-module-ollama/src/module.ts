import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { awoooiBrainsExtensionPoint } from '@internal/plugin-awoooi-node';
import { OllamaBrain } from './OllamaBrain';

/**
 * Adds the `ollama` brain when `awoooi.brain.ollama` is configured. The
 * backend uses it when `awoooi.brain.provider` is `ollama`.
 */
export const awoooiModuleOllamaBrain = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'ollama-brain',
  register(env) {
    env.registerInit({
      deps: {
        brains: awoooiBrainsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ brains, config, logger }) {
        const section = config.getOptionalConfig('awoooi.brain.ollama');
        if (!section) {
          logger.info('awoooi.brain.ollama is not configured; brain not added');
          return;
        }
        const brain = OllamaBrain.fromConfig(section, { logger });
        brains.addBrain(brain);
        logger.info(`Added the ollama brain (model ${brain.model})`);
      },
    });
  },
});

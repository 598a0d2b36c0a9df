import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { awoooiBrainsExtensionPoint } from '@internal/plugin-awoooi-node';
import { AnthropicBrain } from './AnthropicBrain';

/**
 * Adds the `anthropic` brain when `awoooi.brain.anthropic` is configured. The
 * backend uses it when `awoooi.brain.provider` is `anthropic`.
 */
export const awoooiModuleAnthropicBrain = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'anthropic-brain',
  register(env) {
    env.registerInit({
      deps: {
        brains: awoooiBrainsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ brains, config, logger }) {
        const section = config.getOptionalConfig('awoooi.brain.anthropic');
        if (!section) {
          logger.info(
            'awoooi.brain.anthropic is not configured; brain not added',
          );
          return;
        }
        const brain = AnthropicBrain.fromConfig(section, { logger });
        brains.addBrain(brain);
        logger.info(`Added the anthropic brain (model ${brain.model})`);
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { awoooiBrainsExtensionPoint } from '@internal/plugin-awoooi-node';
import { OpenAiBrain } from './OpenAiBrain';

/**
 * Adds the `openai` brain when `awoooi.brain.openai` is configured. The
 * backend uses it when `awoooi.brain.provider` is `openai`.
 */
export const awoooiModuleOpenAiBrain = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'openai-brain',
  register(env) {
    env.registerInit({
      deps: {
        brains: awoooiBrainsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ brains, config, logger }) {
        const section = config.getOptionalConfig('awoooi.brain.openai');
        if (!section) {
          logger.info('awoooi.brain.openai is not configured; brain not added');
          return;
        }
        const brain = OpenAiBrain.fromConfig(section, { logger });
        brains.addBrain(brain);
        logger.info(`Added the openai brain (model ${brain.model})`);
      },
    });
  },
});

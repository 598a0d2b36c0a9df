import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwoooiBrain } from '../extensions/brains';
import { awoooiBrainsExtensionPoint } from '../extensions/extensionPoints';

/**
 * The backend module of a language-model brain: it adds the brain when
 * `awoooi.brain.<provider>` is configured (the backend uses it when
 * `awoooi.brain.provider` names it) and nothing otherwise.
 */
export function createLlmBrainModule(options: {
  provider: string;
  fromConfig(
    section: Config,
    deps: { logger: LoggerService },
  ): AwoooiBrain & { readonly model: string };
}) {
  const key = `awoooi.brain.${options.provider}`;
  return createBackendModule({
    pluginId: 'awoooi',
    moduleId: `${options.provider}-brain`,
    register(env) {
      env.registerInit({
        deps: {
          brains: awoooiBrainsExtensionPoint,
          config: coreServices.rootConfig,
          logger: coreServices.logger,
        },
        async init({ brains, config, logger }) {
          const section = config.getOptionalConfig(key);
          if (!section) {
            logger.info(`${key} is not configured; brain not added`);
            return;
          }
          const brain = options.fromConfig(section, { logger });
          brains.addBrain(brain);
          logger.info(
            `Added the ${options.provider} brain (model ${brain.model})`,
          );
        },
      });
    },
  });
}

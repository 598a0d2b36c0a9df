import { createLlmBrainModule } from '@awoooi/plugin-awoooi-node';
import { AnthropicBrain } from './AnthropicBrain';

/**
 * Adds the `anthropic` brain when `awoooi.brain.anthropic` is configured. The backend
 * uses it when `awoooi.brain.provider` is `anthropic`.
 */
export const awoooiModuleAnthropicBrain = createLlmBrainModule({
  provider: 'anthropic',
  fromConfig: (section, { logger }) =>
    AnthropicBrain.fromConfig(section, { logger }),
});

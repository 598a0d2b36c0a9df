import { createLlmBrainModule } from '@awoooi/plugin-awoooi-node';
import { OpenAiBrain } from './OpenAiBrain';

/**
 * Adds the `openai` brain when `awoooi.brain.openai` is configured. The backend
 * uses it when `awoooi.brain.provider` is `openai`.
 */
export const awoooiModuleOpenAiBrain = createLlmBrainModule({
  provider: 'openai',
  fromConfig: (section, { logger }) =>
    OpenAiBrain.fromConfig(section, { logger }),
});

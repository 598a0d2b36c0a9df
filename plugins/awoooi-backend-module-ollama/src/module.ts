import { createLlmBrainModule } from '@awoooi/plugin-awoooi-node';
import { OllamaBrain } from './OllamaBrain';

/**
 * Adds the `ollama` brain when `awoooi.brain.ollama` is configured. The backend
 * uses it when `awoooi.brain.provider` is `ollama`.
 */
export const awoooiModuleOllamaBrain = createLlmBrainModule({
  provider: 'ollama',
  fromConfig: (section, { logger }) =>
    OllamaBrain.fromConfig(section, { logger }),
});

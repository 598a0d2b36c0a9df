/**
 * AWOOOI backend module: incident analysis by a model served by Ollama.
 *
 * @packageDocumentation
 */
export { awoooiModuleOllamaBrain as default } from './module';
export {
  OllamaBrain,
  DEFAULT_OLLAMA_BASE_URL,
  type OllamaBrainOptions,
} from './OllamaBrain';

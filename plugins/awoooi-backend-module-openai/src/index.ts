/**
 * AWOOOI backend module: incident analysis by an OpenAI-compatible model.
 *
 * @packageDocumentation
 */
export { awoooiModuleOpenAiBrain as default } from './module';
export { OpenAiBrain, type OpenAiBrainOptions } from './OpenAiBrain';

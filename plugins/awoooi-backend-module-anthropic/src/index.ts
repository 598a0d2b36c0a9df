/**
 * AWOOOI backend module: incident analysis by a model behind the Anthropic
 * Messages API.
 *
 * @packageDocumentation
 */
export { awoooiModuleAnthropicBrain as default } from './module';
export {
  AnthropicBrain,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
  type AnthropicBrainOptions,
} from './AnthropicBrain';

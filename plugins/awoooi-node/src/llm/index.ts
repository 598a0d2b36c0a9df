export * from './prompt';
export * from './parseBrainAnswer';
export * from './describeLlmFailure';
export * from './runLlmBrain';
export * from './readLlmTimeout';
export * from './llmBrainConfig';
/**
 * Loopback fakes of the Ollama, OpenAI and Anthropic HTTP APIs and labelled
 * fixtures, for tests of brain modules. Not for production use.
 */
export * as llmTesting from './testing';
export { createLlmBrainModule } from './createLlmBrainModule';
export {
  LlmBrain,
  collectStream,
  type LlmBrainOptions,
  type StreamPiece,
} from './LlmBrain';

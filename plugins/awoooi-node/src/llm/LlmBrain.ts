import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AwoooiBrain,
  BrainContext,
  BrainInput,
  BrainOutput,
} from '../extensions/brains';
import type { BrainPrompt } from './prompt';
import { LlmGeneration, runLlmBrain } from './runLlmBrain';

/** What every language-model brain is configured with. */
export interface LlmBrainOptions {
  model: string;
  /** Longest wait for one answer, in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Receives metadata only: provider, model, latency, token counts. */
  logger?: LoggerService;
}

/**
 * A brain behind a language model. A provider only streams the answer to
 * a prompt ({@link LlmBrain.generate}); the prompt, the deadline, the
 * answer's checks and the fallback are {@link runLlmBrain}'s, the same for
 * every provider.
 */
export abstract class LlmBrain<O extends LlmBrainOptions = LlmBrainOptions>
  implements AwoooiBrain
{
  abstract readonly id: string;

  constructor(protected readonly options: O) {}

  get model(): string {
    return this.options.model;
  }

  analyze(input: BrainInput, context: BrainContext): Promise<BrainOutput> {
    const { model, timeoutMs, logger } = this.options;
    return runLlmBrain(
      (prompt, onToken, signal) => this.generate(prompt, onToken, signal),
      input,
      context,
      this.id,
      { timeoutMs, logger, model },
    );
  }

  /** Streams the model's answer to `prompt`, each piece to `onToken`. */
  protected abstract generate(
    prompt: BrainPrompt,
    onToken: (text: string) => void,
    signal: AbortSignal,
  ): Promise<LlmGeneration>;
}

/** One piece of a provider's stream: text, and token counts where it gives them. */
export interface StreamPiece {
  text?: string;
  inputTokens?: number;
  outputTokens?: number;
}

/**
 * Reads a provider's stream into one generation: the text pieces in order
 * (each passed on to `onToken`) and the last token counts seen.
 */
export async function collectStream<T>(
  stream: AsyncIterable<T>,
  read: (chunk: T) => StreamPiece,
  onToken: (text: string) => void,
): Promise<LlmGeneration> {
  const generation: LlmGeneration = { text: '' };
  for await (const chunk of stream) {
    const { text, inputTokens, outputTokens } = read(chunk);
    if (text) {
      generation.text += text;
      onToken(text);
    }
    if (inputTokens !== undefined) generation.inputTokens = inputTokens;
    if (outputTokens !== undefined) generation.outputTokens = outputTokens;
  }
  return generation;
}

import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  chatMessages,
  collectStream,
  LlmBrain,
  readLlmBrainSection,
  type BrainPrompt,
  type LlmBrainOptions,
  type LlmGeneration,
} from '@awoooi/plugin-awoooi-node';
import { Ollama } from 'ollama';

export const DEFAULT_OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

export interface OllamaBrainOptions extends LlmBrainOptions {
  /** Where the Ollama server listens (default {@link DEFAULT_OLLAMA_BASE_URL}). */
  baseUrl?: string;
}

/**
 * A fetch that also gives up when `signal` aborts. The Ollama client only
 * lets a stream be aborted once its headers have arrived; this covers a
 * server that never answers at all.
 */
function fetchWithSignal(signal: AbortSignal): typeof fetch {
  return (url, init) =>
    fetch(url, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    });
}

/** Analyses incidents with a local model served by Ollama (`/api/chat`). */
export class OllamaBrain extends LlmBrain<OllamaBrainOptions> {
  readonly id = 'ollama';

  /** Reads the `awoooi.brain.ollama` section. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): OllamaBrain {
    return new OllamaBrain(readLlmBrainSection(config, options.logger));
  }

  protected async generate(
    prompt: BrainPrompt,
    onToken: (text: string) => void,
    signal: AbortSignal,
  ): Promise<LlmGeneration> {
    const client = new Ollama({
      host: this.options.baseUrl ?? DEFAULT_OLLAMA_BASE_URL,
      fetch: fetchWithSignal(signal),
    });
    const stream = await client.chat({
      model: this.options.model,
      messages: chatMessages(prompt),
      stream: true,
      format: 'json',
    });
    return collectStream(
      stream,
      part => ({
        text: part.message?.content ?? '',
        ...(part.done && {
          inputTokens: part.prompt_eval_count,
          outputTokens: part.eval_count,
        }),
      }),
      onToken,
    );
  }
}

import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  readLlmTimeoutMs,
  runLlmBrain,
  type AwoooiBrain,
  type BrainContext,
  type BrainInput,
  type BrainOutput,
  type LlmGenerate,
} from '@awoooi/plugin-awoooi-node';
import { Ollama } from 'ollama';

export const DEFAULT_OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

export interface OllamaBrainOptions {
  /** Where the Ollama server listens (default {@link DEFAULT_OLLAMA_BASE_URL}). */
  baseUrl?: string;
  model: string;
  /** Longest wait for one answer, in milliseconds (default 60 s). */
  timeoutMs?: number;
  logger?: LoggerService;
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
export class OllamaBrain implements AwoooiBrain {
  readonly id = 'ollama';

  /** Reads the `awoooi.brain.ollama` section. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): OllamaBrain {
    return new OllamaBrain({
      baseUrl: config.getOptionalString('baseUrl'),
      model: config.getString('model'),
      timeoutMs: readLlmTimeoutMs(config),
      logger: options.logger,
    });
  }

  readonly #options: OllamaBrainOptions;

  constructor(options: OllamaBrainOptions) {
    this.#options = options;
  }

  get model(): string {
    return this.#options.model;
  }

  analyze(input: BrainInput, context: BrainContext): Promise<BrainOutput> {
    const { baseUrl, model, timeoutMs, logger } = this.#options;
    const generate: LlmGenerate = async (prompt, onToken, signal) => {
      const client = new Ollama({
        host: baseUrl ?? DEFAULT_OLLAMA_BASE_URL,
        fetch: fetchWithSignal(signal),
      });
      const stream = await client.chat({
        model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        stream: true,
        format: 'json',
      });
      let text = '';
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      for await (const part of stream) {
        const token = part.message?.content ?? '';
        if (token) {
          text += token;
          onToken(token);
        }
        if (part.done) {
          inputTokens = part.prompt_eval_count;
          outputTokens = part.eval_count;
        }
      }
      return { text, inputTokens, outputTokens };
    };
    return runLlmBrain(generate, input, context, this.id, {
      timeoutMs,
      logger,
      model,
    });
  }
}

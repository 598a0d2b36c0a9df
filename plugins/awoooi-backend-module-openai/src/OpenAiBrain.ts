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
import OpenAI from 'openai';

export interface OpenAiBrainOptions {
  /** An OpenAI-compatible API, e.g. `http://127.0.0.1:8000/v1`; default OpenAI's own. */
  baseUrl?: string;
  apiKey: string;
  model: string;
  /** Longest wait for one answer, in milliseconds (default 60 s). */
  timeoutMs?: number;
  logger?: LoggerService;
}

/** Analyses incidents with an OpenAI-compatible chat completions API. */
export class OpenAiBrain implements AwoooiBrain {
  readonly id = 'openai';

  /** Reads the `awoooi.brain.openai` section. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): OpenAiBrain {
    return new OpenAiBrain({
      baseUrl: config.getOptionalString('baseUrl'),
      apiKey: config.getString('apiKey'),
      model: config.getString('model'),
      timeoutMs: readLlmTimeoutMs(config),
      logger: options.logger,
    });
  }

  readonly #client: OpenAI;
  readonly #options: OpenAiBrainOptions;

  constructor(options: OpenAiBrainOptions) {
    this.#options = options;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      // a failed call falls back to the deterministic analysis at once
      // instead of holding the incident up with retries
      maxRetries: 0,
    });
  }

  get model(): string {
    return this.#options.model;
  }

  analyze(input: BrainInput, context: BrainContext): Promise<BrainOutput> {
    const { model, timeoutMs, logger } = this.#options;
    const generate: LlmGenerate = async (prompt, onToken, signal) => {
      const stream = await this.#client.chat.completions.create(
        {
          model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          stream: true,
          stream_options: { include_usage: true },
          response_format: { type: 'json_object' },
        },
        { signal },
      );
      let text = '';
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      for await (const chunk of stream) {
        const token = chunk.choices[0]?.delta?.content ?? '';
        if (token) {
          text += token;
          onToken(token);
        }
        if (chunk.usage) {
          inputTokens = chunk.usage.prompt_tokens;
          outputTokens = chunk.usage.completion_tokens;
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

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
import Anthropic from '@anthropic-ai/sdk';

/** Room for a narrative and a handful of remediations. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4_096;

export interface AnthropicBrainOptions {
  /** Default Anthropic's own API. */
  baseUrl?: string;
  apiKey: string;
  model: string;
  /** Most tokens the answer may use (default {@link DEFAULT_ANTHROPIC_MAX_TOKENS}). */
  maxTokens?: number;
  /** Longest wait for one answer, in milliseconds (default 60 s). */
  timeoutMs?: number;
  logger?: LoggerService;
}

/** Analyses incidents with a model behind the Anthropic Messages API. */
export class AnthropicBrain implements AwoooiBrain {
  readonly id = 'anthropic';

  /** Reads the `awoooi.brain.anthropic` section. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): AnthropicBrain {
    const maxTokens = config.getOptionalNumber('maxTokens');
    if (
      maxTokens !== undefined &&
      !(Number.isInteger(maxTokens) && maxTokens > 0)
    ) {
      throw new Error(
        `Config 'maxTokens' must be a positive integer, got ${maxTokens}`,
      );
    }
    return new AnthropicBrain({
      baseUrl: config.getOptionalString('baseUrl'),
      apiKey: config.getString('apiKey'),
      model: config.getString('model'),
      maxTokens,
      timeoutMs: readLlmTimeoutMs(config),
      logger: options.logger,
    });
  }

  readonly #client: Anthropic;
  readonly #options: AnthropicBrainOptions;

  constructor(options: AnthropicBrainOptions) {
    this.#options = options;
    this.#client = new Anthropic({
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
    const maxTokens = this.#options.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
    const generate: LlmGenerate = async (prompt, onToken, signal) => {
      const stream = await this.#client.messages.create(
        {
          model,
          max_tokens: maxTokens,
          system: prompt.system,
          messages: [{ role: 'user', content: prompt.user }],
          stream: true,
        },
        { signal },
      );
      let text = '';
      let inputTokens: number | undefined;
      let outputTokens: number | undefined;
      for await (const event of stream) {
        if (
          event.type === 'content_block_delta' &&
          event.delta.type === 'text_delta'
        ) {
          text += event.delta.text;
          onToken(event.delta.text);
        } else if (event.type === 'message_start') {
          inputTokens = event.message.usage.input_tokens;
        } else if (event.type === 'message_delta') {
          outputTokens = event.usage.output_tokens;
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

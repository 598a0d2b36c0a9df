import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  collectStream,
  LlmBrain,
  llmSdkClientOptions,
  readLlmBrainSection,
  type BrainPrompt,
  type LlmBrainOptions,
  type LlmGeneration,
} from '@awoooi/plugin-awoooi-node';
import Anthropic from '@anthropic-ai/sdk';

/** Room for a narrative and a handful of remediations. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4_096;

export interface AnthropicBrainOptions extends LlmBrainOptions {
  /** Default Anthropic's own API. */
  baseUrl?: string;
  apiKey: string;
  /** Most tokens the answer may use (default {@link DEFAULT_ANTHROPIC_MAX_TOKENS}). */
  maxTokens?: number;
}

/** Analyses incidents with a model behind the Anthropic Messages API. */
export class AnthropicBrain extends LlmBrain<AnthropicBrainOptions> {
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
    const apiKey = config.getString('apiKey');
    return new AnthropicBrain({
      ...readLlmBrainSection(config, options.logger),
      apiKey,
      maxTokens,
    });
  }

  readonly #client: Anthropic;

  constructor(options: AnthropicBrainOptions) {
    super(options);
    this.#client = new Anthropic(llmSdkClientOptions(options));
  }

  protected async generate(
    prompt: BrainPrompt,
    onToken: (text: string) => void,
    signal: AbortSignal,
  ): Promise<LlmGeneration> {
    const stream = await this.#client.messages.create(
      {
        model: this.options.model,
        max_tokens: this.options.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
        system: prompt.system,
        messages: [{ role: 'user', content: prompt.user }],
        stream: true,
      },
      { signal },
    );
    return collectStream(
      stream,
      event => {
        if (
          event.type === 'content_block_delta' &&
          event.delta.type === 'text_delta'
        )
          return { text: event.delta.text };
        if (event.type === 'message_start')
          return { inputTokens: event.message.usage.input_tokens };
        if (event.type === 'message_delta')
          return { outputTokens: event.usage.output_tokens };
        return {};
      },
      onToken,
    );
  }
}

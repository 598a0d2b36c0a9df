import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  collectStream,
  chatMessages,
  LlmBrain,
  llmSdkClientOptions,
  readLlmBrainSection,
  type BrainPrompt,
  type LlmBrainOptions,
  type LlmGeneration,
} from '@awoooi/plugin-awoooi-node';
import OpenAI from 'openai';

export interface OpenAiBrainOptions extends LlmBrainOptions {
  /** An OpenAI-compatible API, e.g. `http://127.0.0.1:8000/v1`; default OpenAI's own. */
  baseUrl?: string;
  apiKey: string;
}

/** Analyses incidents with an OpenAI-compatible chat completions API. */
export class OpenAiBrain extends LlmBrain<OpenAiBrainOptions> {
  readonly id = 'openai';

  /** Reads the `awoooi.brain.openai` section. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): OpenAiBrain {
    const apiKey = config.getString('apiKey');
    return new OpenAiBrain({
      ...readLlmBrainSection(config, options.logger),
      apiKey,
    });
  }

  readonly #client: OpenAI;

  constructor(options: OpenAiBrainOptions) {
    super(options);
    this.#client = new OpenAI(llmSdkClientOptions(options));
  }

  protected async generate(
    prompt: BrainPrompt,
    onToken: (text: string) => void,
    signal: AbortSignal,
  ): Promise<LlmGeneration> {
    const stream = await this.#client.chat.completions.create(
      {
        model: this.options.model,
        messages: chatMessages(prompt),
        stream: true,
        stream_options: { include_usage: true },
        response_format: { type: 'json_object' },
      },
      { signal },
    );
    return collectStream(
      stream,
      chunk => ({
        text: chunk.choices[0]?.delta?.content ?? '',
        inputTokens: chunk.usage?.prompt_tokens,
        outputTokens: chunk.usage?.completion_tokens,
      }),
      onToken,
    );
  }
}

import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  collectStream,
  LlmBrain,
  readLlmTimeoutMs,
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
    return new OpenAiBrain({
      baseUrl: config.getOptionalString('baseUrl'),
      apiKey: config.getString('apiKey'),
      model: config.getString('model'),
      timeoutMs: readLlmTimeoutMs(config),
      logger: options.logger,
    });
  }

  readonly #client: OpenAI;

  constructor(options: OpenAiBrainOptions) {
    super(options);
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      // a failed call falls back to the deterministic analysis at once
      // instead of holding the incident up with retries
      maxRetries: 0,
    });
  }

  protected async generate(
    prompt: BrainPrompt,
    onToken: (text: string) => void,
    signal: AbortSignal,
  ): Promise<LlmGeneration> {
    const stream = await this.#client.chat.completions.create(
      {
        model: this.options.model,
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

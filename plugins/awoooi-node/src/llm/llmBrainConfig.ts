import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { LlmBrainOptions } from './LlmBrain';
import { readLlmTimeoutMs } from './readLlmTimeout';

/** What every provider's `awoooi.brain.<provider>` section says alike. */
export interface LlmBrainSectionOptions extends LlmBrainOptions {
  /** Where the provider's API is; each provider has its own default. */
  baseUrl?: string;
}

/**
 * Reads the keys every provider's section has: `baseUrl`, `model` and
 * `timeout`. A provider adds its own keys (`apiKey`, `maxTokens`).
 */
export function readLlmBrainSection(
  config: Config,
  logger?: LoggerService,
): LlmBrainSectionOptions {
  return {
    baseUrl: config.getOptionalString('baseUrl'),
    model: config.getString('model'),
    timeoutMs: readLlmTimeoutMs(config),
    logger,
  };
}

/**
 * The client options of a provider SDK (Anthropic's, OpenAI's): its key,
 * its address and the brain's deadline.
 */
export function llmSdkClientOptions(options: {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}) {
  return {
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    // a failed call falls back to the deterministic analysis at once
    // instead of holding the incident up with retries
    maxRetries: 0,
  };
}

import type { Config } from '@backstage/config';
import { readDurationMs } from '../config/readDurationMs';
import { DEFAULT_LLM_TIMEOUT_MS } from './runLlmBrain';

/**
 * A provider's `timeout` in milliseconds, from any duration form Backstage
 * config accepts (`90s`, `PT2M`, `{ seconds: 90 }`); the default when absent.
 */
export function readLlmTimeoutMs(
  config: Config,
  key = 'timeout',
  defaultMs = DEFAULT_LLM_TIMEOUT_MS,
): number {
  return readDurationMs(config, key, defaultMs);
}

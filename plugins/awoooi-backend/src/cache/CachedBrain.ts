import type { CacheService } from '@backstage/backend-plugin-api';
import type {
  AwoooiBrain,
  BrainContext,
  BrainInput,
  BrainOutput,
} from '@awoooi/plugin-awoooi-node';
import { cacheKey, fromCacheJson, toCacheJson } from './cacheKey';

/**
 * A brain whose answers are shared through Backstage's cache service, keyed
 * by the redacted input: the model only ever sees Privacy-Shield output, so
 * the key and the answer hold labels, never personal data. The incident id
 * is left out of the key: the same redacted alerts on the same topology get
 * the same answer on any instance, without asking the model again. A cached
 * answer is streamed as one token, so the thinking terminal still shows it.
 */
export class CachedBrain implements AwoooiBrain {
  readonly id: string;

  constructor(
    private readonly brain: AwoooiBrain,
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {
    this.id = brain.id;
  }

  async analyze(
    input: BrainInput,
    context: BrainContext,
  ): Promise<BrainOutput> {
    const { id: _incidentId, ...incident } = input.incident;
    const key = cacheKey(`brain:${this.id}`, [{ ...input, incident }]);
    const hit = await this.cache.get<string>(key).catch(() => undefined);
    if (typeof hit === 'string') {
      const output = fromCacheJson<BrainOutput>(hit);
      context.onToken(output.narrative);
      return output;
    }
    const output = await this.brain.analyze(input, context);
    await this.cache
      .set(key, toCacheJson(output), { ttl: this.ttlMs })
      .catch(() => undefined);
    return output;
  }
}

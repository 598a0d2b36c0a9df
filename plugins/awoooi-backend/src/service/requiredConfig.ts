import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';

/** Configuration some routes cannot work without; the rest of AWOOOI runs. */
export type RequiredKey = 'roles' | 'ingestSecret' | 'privacyKey';

const WITHOUT: Record<RequiredKey, { key: string; effect: string }> = {
  roles: {
    key: 'awoooi.roles',
    effect:
      'nobody holds an approver role, so proposals cannot be approved or rejected',
  },
  ingestSecret: {
    key: 'awoooi.ingest.sharedSecret',
    effect:
      'alert senders must present a Backstage service token; the ingest secret is not accepted',
  },
  privacyKey: {
    key: 'awoooi.privacy.encryptionKey',
    effect:
      'Privacy-Shield mappings are not stored, so approved fixes cannot be rehydrated and executed',
  },
};

/**
 * Which of the keys in {@link RequiredKey} an adopter left out. Missing keys
 * are logged once at start; a route that needs one answers 503 with the reason.
 */
export class RequiredConfig {
  private constructor(private readonly missing: ReadonlySet<RequiredKey>) {}

  static check(
    present: Record<RequiredKey, boolean>,
    logger: LoggerService,
  ): RequiredConfig {
    const missing = new Set(
      (Object.keys(WITHOUT) as RequiredKey[]).filter(k => !present[k]),
    );
    for (const k of missing) {
      logger.warn(`${WITHOUT[k].key} is not configured: ${WITHOUT[k].effect}`);
    }
    return new RequiredConfig(missing);
  }

  /** Throws 503 naming the first of `keys` that is not configured. */
  assert(...keys: RequiredKey[]) {
    const k = keys.find(key => this.missing.has(key));
    if (k) {
      throw new ServiceUnavailableError(
        `${WITHOUT[k].key} is not configured: ${WITHOUT[k].effect}`,
      );
    }
  }
}

import { scan } from './scanner';
import { DetectedEntity } from './types';

/**
 * The stateless detector: finds personal and secret data in text. One
 * instance can serve every incident; pseudonyms live in a `PrivacyScope`.
 */
export class PrivacyShield {
  /** Entities in `text`, in order, never overlapping. */
  detect(text: string): DetectedEntity[] {
    return scan(text).map(span => ({
      type: span.type,
      start: span.start,
      end: span.end,
      value: text.slice(span.start, span.end),
    }));
  }
}

import { timingSafeEqual } from 'crypto';

/**
 * The ingest secret an alert sender presents: `x-awoooi-token`, or else an
 * `Authorization: Bearer` value. Both the plugin's own alert routes and the
 * events ingress read it, so a sender configured for one works for the other.
 */
export function presentedSecret(req: {
  headers: Record<string, unknown>;
}): string | undefined {
  const header = req.headers['x-awoooi-token'];
  if (typeof header === 'string') return header;
  const authorization = req.headers.authorization;
  if (
    typeof authorization === 'string' &&
    authorization.startsWith('Bearer ')
  ) {
    return authorization.slice(7);
  }
  return undefined;
}

/** Compares secrets in constant time, so the time taken reveals no prefix. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

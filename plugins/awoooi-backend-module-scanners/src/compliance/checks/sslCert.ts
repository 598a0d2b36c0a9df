import { COMPLIANCE_ANNOTATIONS } from '../annotations';
import type { SubjectFacts } from '../subjectFacts';
import { checkEvidence } from './evidenceCheck';
import { parseEndpoint, TlsProbeResult } from './tlsProbe';
import { CheckResult, worst } from './types';

export type TlsProber = (endpoint: string) => Promise<TlsProbeResult>;

/** The endpoints a subject lists in `awoooi.io/endpoints`. */
export function endpointsOf(f: SubjectFacts): string[] {
  return (f.annotations[COMPLIANCE_ANNOTATIONS.endpoints] ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * `ssl_cert_valid`: a TLS handshake to every endpoint of the subject; the
 * worst endpoint decides. Posted evidence when it lists no endpoint.
 */
export async function checkSslCert(
  f: SubjectFacts,
  probe: TlsProber,
  now: Date,
  maxAgeMs: number,
): Promise<CheckResult> {
  const endpoints = endpointsOf(f);
  if (endpoints.length === 0)
    return checkEvidence(f, 'ssl_cert_valid', now, maxAgeMs);
  const results = await Promise.all(
    endpoints.map(e =>
      parseEndpoint(e)
        ? probe(e)
        : Promise.resolve<TlsProbeResult>({
            status: 'fail',
            detail: `${e}: not an endpoint (host:port)`,
          }),
    ),
  );
  return {
    status: worst(results.map(r => r.status)),
    evidence: results.map(r => r.detail).join('; '),
    source: 'tls-handshake',
  };
}

/** Probes each distinct endpoint once per run, a few at a time. */
export function cachedProber(
  probeOne: (endpoint: string) => Promise<TlsProbeResult>,
  concurrency = 8,
): TlsProber {
  const cache = new Map<string, Promise<TlsProbeResult>>();
  let active = 0;
  const queue: Array<() => void> = [];
  const slot = () =>
    new Promise<void>(resolve => {
      if (active < concurrency) {
        active++;
        resolve();
      } else
        queue.push(() => {
          active++;
          resolve();
        });
    });
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return endpoint => {
    const key = endpoint.trim().toLowerCase();
    let result = cache.get(key);
    if (!result) {
      result = slot().then(() => probeOne(endpoint).finally(release));
      cache.set(key, result);
    }
    return result;
  };
}

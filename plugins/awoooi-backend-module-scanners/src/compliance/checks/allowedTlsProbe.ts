import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ALLOWED_ENDPOINTS_KEY, EndpointPolicy } from '../endpointPolicy';
import { probeTls, TlsEndpoint, TlsProbeResult } from './tlsProbe';

/** Every address a host name resolves to. */
export type ResolveAll = (host: string) => Promise<string[]>;

const resolveAll: ResolveAll = async host =>
  (await lookup(host, { all: true, verbatim: true })).map(a => a.address);

/**
 * The TLS check of an endpoint a catalog author listed, only where
 * `awoooi.compliance.allowedEndpoints` lets it go: the host name and every
 * address it resolves to are checked first, and the handshake then connects
 * to those checked addresses only.
 */
export async function probeAllowedTls(
  endpoint: TlsEndpoint,
  policy: EndpointPolicy,
  options: Parameters<typeof probeTls>[1],
  resolve: ResolveAll = resolveAll,
): Promise<TlsProbeResult> {
  let addresses: string[];
  if (isIP(endpoint.host)) addresses = [endpoint.host];
  else {
    try {
      addresses = await resolve(endpoint.host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
      return {
        status: 'fail',
        detail: `${endpoint.label}: TLS handshake failed (${code})`,
      };
    }
  }
  const refusal = policy.refusal(endpoint.host, addresses);
  if (refusal) {
    return {
      status: 'fail',
      detail: `${endpoint.label}: not probed, ${refusal} (${ALLOWED_ENDPOINTS_KEY})`,
    };
  }
  return probeTls(endpoint, {
    ...options,
    addresses: isIP(endpoint.host) ? undefined : addresses,
  });
}

import type { ComplianceStatus } from '@awoooi/plugin-awoooi-common';
import type { X509Certificate } from 'node:crypto';
import { isIP, type LookupFunction } from 'node:net';
import { connect, rootCertificates } from 'node:tls';

export interface TlsEndpoint {
  host: string;
  port: number;
  /** As written in the annotation. */
  label: string;
}

/** `host:port`, `host` (443), `https://host[:port][/path]` or `[::1]:443`; undefined when unreadable. */
export function parseEndpoint(text: string): TlsEndpoint | undefined {
  const label = text.trim();
  if (!label) return undefined;
  try {
    const url = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(label) ? label : `https://${label}`,
    );
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!host) return undefined;
    return { host, port: url.port ? Number(url.port) : 443, label };
  } catch {
    return undefined;
  }
}

export interface TlsProbeResult {
  status: Exclude<ComplianceStatus, 'unknown'>;
  detail: string;
  validTo?: string;
}

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

function describeVerifyError(code: string): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return 'expired';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'self-signed (not issued by a trusted CA)';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'hostname mismatch';
    case 'CERT_NOT_YET_VALID':
      return 'not valid yet';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'issued by an unknown CA';
    default:
      return `invalid (${code})`;
  }
}

/**
 * Name resolution that answers with addresses resolved (and checked) before:
 * a DNS answer that changes between the check and the connection (rebinding)
 * is never used.
 */
function pinnedLookup(addresses: string[]): LookupFunction {
  const all = addresses.map(address => ({
    address,
    family: isIP(address),
  }));
  return (_hostname, options, callback) => {
    if (options.all) callback(null, all);
    else callback(null, all[0].address, all[0].family);
  };
}

export interface TlsProbeOptions {
  now: Date;
  warningMs: number;
  timeoutMs: number;
  extraCa?: string[];
  /** The addresses checked for the host name; the connection uses these only. */
  addresses?: string[];
}

/**
 * A real TLS handshake: the certificate must chain to a trusted CA (the
 * system's plus `extraCa`), match the host name and not expire within
 * `warningMs` of `now`.
 */
export function probeTls(
  endpoint: TlsEndpoint,
  options: TlsProbeOptions,
): Promise<TlsProbeResult> {
  return new Promise(resolve => {
    const socket = connectTls(endpoint, options);
    const done = (result: TlsProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(options.timeoutMs, () =>
      done({
        status: 'fail',
        detail: `${endpoint.label}: no TLS handshake within ${options.timeoutMs} ms`,
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({
        status: 'fail',
        detail: `${endpoint.label}: TLS handshake failed (${
          error.code ?? error.message
        })`,
      }),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      if (!cert) {
        done({
          status: 'fail',
          detail: `${endpoint.label}: no certificate presented`,
        });
        return;
      }
      const verifyError = socket.authorized
        ? undefined
        : String(socket.authorizationError);
      done(certificateVerdict(endpoint, cert, verifyError, options));
    });
  });
}

function connectTls(endpoint: TlsEndpoint, options: TlsProbeOptions) {
  return connect({
    host: endpoint.host,
    port: endpoint.port,
    lookup: options.addresses && pinnedLookup(options.addresses),
    servername: isIP(endpoint.host) ? undefined : endpoint.host,
    ca: options.extraCa?.length
      ? [...rootCertificates, ...options.extraCa]
      : undefined,
    // Verified below, so an invalid certificate is described rather than just refused.
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
  });
}

/**
 * The verdict on a presented certificate: fail when it did not verify
 * (`verifyError`) or has expired, warning when it expires within
 * `warningMs`, else pass.
 */
function certificateVerdict(
  endpoint: TlsEndpoint,
  cert: X509Certificate,
  verifyError: string | undefined,
  { now, warningMs }: Pick<TlsProbeOptions, 'now' | 'warningMs'>,
): TlsProbeResult {
  const validTo = new Date(cert.validTo);
  const subject = cert.subject.replace(/\n/g, ', ');
  const left = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  const base = { validTo: validTo.toISOString() };
  if (verifyError !== undefined) {
    const why = describeVerifyError(verifyError);
    return {
      ...base,
      status: 'fail',
      detail: `${
        endpoint.label
      }: certificate ${why} (${subject}, valid until ${day(validTo)})`,
    };
  }
  if (validTo.getTime() <= now.getTime()) {
    return {
      ...base,
      status: 'fail',
      detail: `${endpoint.label}: certificate expired on ${day(validTo)}`,
    };
  }
  if (validTo.getTime() - now.getTime() < warningMs) {
    return {
      ...base,
      status: 'warning',
      detail: `${endpoint.label}: certificate expires in ${left} days (${day(
        validTo,
      )})`,
    };
  }
  return {
    ...base,
    status: 'pass',
    detail: `${endpoint.label}: valid until ${day(validTo)} (${left} days)`,
  };
}

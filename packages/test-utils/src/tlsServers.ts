import { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:tls';
import { generate } from 'selfsigned';

const DAY = 86_400_000;

async function issue(
  names: string[],
  notBefore: Date,
  notAfter: Date,
  ca?: { key: string; cert: string },
) {
  return generate([{ name: 'commonName', value: names[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map(n =>
          /^\d/.test(n)
            ? { type: 7 as const, ip: n }
            : { type: 2 as const, value: n },
        ),
      },
    ],
  });
}

export type CertCase =
  | 'valid'
  | 'expiring'
  | 'expired'
  | 'selfSigned'
  | 'mismatch';

export interface TlsFixture {
  /** PEM of the test CA, to trust beside the system's CAs. */
  caCert: string;
  /** `localhost:<port>` of a server presenting each kind of certificate. */
  endpoints: Record<CertCase, string>;
  close(): Promise<void>;
}

/**
 * HTTPS-less TLS servers on loopback, each with a certificate the test
 * generated: valid for a year, expiring in 10 days, expired yesterday,
 * self-signed, and issued for another host name.
 */
export async function startTlsServers(now = new Date()): Promise<TlsFixture> {
  const ca = await testCa(now);
  const certs = await certificateCases(now, { key: ca.private, cert: ca.cert });
  const servers: Server[] = [];
  const endpoints = {} as Record<CertCase, string>;
  for (const [name, pair] of Object.entries(certs) as Array<
    [CertCase, { private: string; cert: string }]
  >) {
    const server = createServer(
      { key: pair.private, cert: pair.cert },
      socket => socket.end(),
    );
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    endpoints[name] = `localhost:${(server.address() as AddressInfo).port}`;
  }
  return {
    caCert: ca.cert,
    endpoints,
    close: () =>
      Promise.all(servers.map(s => new Promise(r => s.close(r)))).then(
        () => undefined,
      ),
  };
}

/** A certificate authority valid from a year ago for five years. */
function testCa(now: Date) {
  return generate([{ name: 'commonName', value: 'AWOOOI Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 365 * DAY),
    notAfterDate: new Date(now.getTime() + 5 * 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
}

/** One certificate per case, all but the self-signed one issued by `signer`. */
async function certificateCases(
  now: Date,
  signer: { key: string; cert: string },
): Promise<Record<CertCase, { private: string; cert: string }>> {
  const local = ['localhost', '127.0.0.1'];
  const before = new Date(now.getTime() - 30 * DAY);
  const inYear = new Date(now.getTime() + 365 * DAY);
  return {
    valid: await issue(local, before, inYear, signer),
    expiring: await issue(
      local,
      before,
      new Date(now.getTime() + 10 * DAY),
      signer,
    ),
    expired: await issue(
      local,
      new Date(now.getTime() - 60 * DAY),
      new Date(now.getTime() - DAY),
      signer,
    ),
    selfSigned: await issue(local, before, inYear),
    mismatch: await issue(['shop.other.example'], before, inYear, signer),
  };
}

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTlsServers, TlsFixture } from '@internal/awoooi-test-utils';
import { EndpointPolicy } from '../endpointPolicy';
import { probeAllowedTls } from './allowedTlsProbe';
import { parseEndpoint } from './tlsProbe';

jest.setTimeout(30_000);

let tls: TlsFixture;
beforeAll(async () => {
  tls = await startTlsServers();
});
afterAll(() => tls?.close());

const options = () => ({
  now: new Date(),
  warningMs: 30 * 86_400_000,
  timeoutMs: 3_000,
  extraCa: [tls.caCert],
});

const portOf = (endpoint: string) => Number(endpoint.split(':').pop());

/** A loopback TCP listener that counts the connections it gets. */
async function countingListener() {
  let connections = 0;
  const server = createServer(socket => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

describe('probeAllowedTls', () => {
  it('refuses loopback and metadata endpoints without connecting, unless allowed', async () => {
    const listener = await countingListener();
    try {
      const policy = EndpointPolicy.fromEntries(['*']);
      for (const text of [
        `127.0.0.1:${listener.port}`,
        `localhost:${listener.port}`,
        `[::ffff:127.0.0.1]:${listener.port}`,
        '169.254.169.254:80',
      ]) {
        const result = await probeAllowedTls(
          parseEndpoint(text)!,
          policy,
          options(),
        );
        expect(result.status).toBe('fail');
        expect(result.detail).toMatch(/not allowed by configuration/);
      }
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it('probes a loopback fixture once configuration allows it', async () => {
    const result = await probeAllowedTls(
      parseEndpoint(tls.endpoints.valid)!,
      EndpointPolicy.fromEntries(['127.0.0.0/8', '::1']),
      options(),
    );
    expect(result).toMatchObject({ status: 'pass' });
  });

  it('refuses an allowed name that resolves to a loopback address (rebinding)', async () => {
    const port = portOf(tls.endpoints.valid);
    const result = await probeAllowedTls(
      parseEndpoint(`rebind.example.com:${port}`)!,
      EndpointPolicy.fromEntries(['*.example.com']),
      options(),
      async () => ['93.184.216.34', '127.0.0.1'],
    );
    expect(result).toEqual({
      status: 'fail',
      detail: `rebind.example.com:${port}: not probed, resolves to an address not allowed by configuration (awoooi.compliance.allowedEndpoints)`,
    });
  });

  it('connects to the checked addresses only, verifying the certificate for the name', async () => {
    const port = portOf(tls.endpoints.valid);
    // The name resolves nowhere in DNS; the checked answer sends it to loopback.
    const result = await probeAllowedTls(
      parseEndpoint(`shop.acme.example:${port}`)!,
      EndpointPolicy.fromEntries(['shop.acme.example', '127.0.0.1']),
      options(),
      async () => ['127.0.0.1'],
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(/certificate hostname mismatch/);
  });

  it('says why a name did not resolve', async () => {
    const result = await probeAllowedTls(
      parseEndpoint('shop.acme.example:443')!,
      EndpointPolicy.fromEntries(['*.acme.example']),
      options(),
      async () => {
        throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
      },
    );
    expect(result).toEqual({
      status: 'fail',
      detail: 'shop.acme.example:443: TLS handshake failed (ENOTFOUND)',
    });
  });
});

import { freePort } from '@internal/awoooi-test-utils';
import { startTlsServers, TlsFixture } from '@internal/awoooi-test-utils';
import { parseEndpoint, probeTls } from './tlsProbe';

jest.setTimeout(30_000);

const DAY = 86_400_000;
let tls: TlsFixture;

beforeAll(async () => {
  tls = await startTlsServers();
});
afterAll(() => tls?.close());

describe('parseEndpoint', () => {
  it.each([
    ['shop.acme.example:443', 'shop.acme.example', 443],
    ['shop.acme.example', 'shop.acme.example', 443],
    ['https://api.acme.example:8443/health', 'api.acme.example', 8443],
    ['[::1]:9443', '::1', 9443],
    [' 10.0.0.1:443 ', '10.0.0.1', 443],
  ])('%s', (text, host, port) => {
    expect(parseEndpoint(text)).toMatchObject({ host, port });
  });

  it('refuses nonsense', () => {
    expect(parseEndpoint('')).toBeUndefined();
    expect(parseEndpoint('http://')).toBeUndefined();
    expect(parseEndpoint('a b:c')).toBeUndefined();
  });
});

describe('probeTls against local TLS servers', () => {
  const probe = (
    name: keyof TlsFixture['endpoints'],
    options: { now?: Date; warningMs?: number } = {},
  ) =>
    probeTls(parseEndpoint(tls.endpoints[name])!, {
      now: options.now ?? new Date(),
      warningMs: options.warningMs ?? 30 * DAY,
      timeoutMs: 3_000,
      extraCa: [tls.caCert],
    });

  it('passes a valid certificate from a trusted CA', async () => {
    const result = await probe('valid');
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(
      /^localhost:\d+: valid until \d{4}-\d{2}-\d{2} \((364|365) days\)$/,
    );
  });

  it('warns about one expiring soon, and moves with the clock and the threshold', async () => {
    expect(await probe('expiring')).toMatchObject({
      status: 'warning',
      detail: expect.stringMatching(/certificate expires in (9|10) days/),
    });
    expect((await probe('expiring', { warningMs: 5 * DAY })).status).toBe(
      'pass',
    );
    // Eleven days later the same certificate has expired.
    const later = new Date(Date.now() + 11 * DAY);
    expect(await probe('expiring', { now: later })).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/certificate expired on/),
    });
  });

  it('fails expired, self-signed and mismatched certificates', async () => {
    expect((await probe('expired')).detail).toMatch(
      /: certificate expired \(CN=localhost, valid until/,
    );
    expect((await probe('expired')).status).toBe('fail');
    expect(await probe('selfSigned')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /certificate self-signed \(not issued by a trusted CA\)/,
      ),
    });
    expect(await probe('mismatch')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /certificate hostname mismatch \(CN=shop\.other\.example/,
      ),
    });
  });

  it('does not trust the test CA unless told to', async () => {
    const result = await probeTls(parseEndpoint(tls.endpoints.valid)!, {
      now: new Date(),
      warningMs: 30 * DAY,
      timeoutMs: 3_000,
    });
    expect(result).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/issued by an unknown CA/),
    });
  });

  it('fails when nothing answers', async () => {
    const port = await freePort();
    expect(
      await probeTls(
        { host: '127.0.0.1', port, label: `127.0.0.1:${port}` },
        { now: new Date(), warningMs: DAY, timeoutMs: 2_000 },
      ),
    ).toEqual({
      status: 'fail',
      detail: `127.0.0.1:${port}: TLS handshake failed (ECONNREFUSED)`,
    });
  });
});

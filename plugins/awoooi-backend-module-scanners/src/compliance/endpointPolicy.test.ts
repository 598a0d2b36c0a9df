import { EndpointPolicy, isRestrictedAddress } from './endpointPolicy';

describe('isRestrictedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '0.0.0.0',
    '10.0.0.5',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '100.100.100.200',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fd00:ec2::254',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:5',
    '2002:a00:5::1',
    'ff02::1',
  ])('%s is restricted', address => {
    expect(isRestrictedAddress(address)).toBe(true);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
  ])('%s is public', address => {
    expect(isRestrictedAddress(address)).toBe(false);
  });
});

describe('EndpointPolicy', () => {
  const NOT_ALLOWED = 'not allowed by configuration';
  const REBOUND = 'resolves to an address not allowed by configuration';

  it('allows nothing when nothing is configured', () => {
    const none = EndpointPolicy.fromEntries([]);
    expect(none.refusal('shop.example.com', ['93.184.216.34'])).toBe(REBOUND);
    expect(none.refusal('93.184.216.34', ['93.184.216.34'])).toBe(NOT_ALLOWED);
  });

  it('refuses the internal targets of the issue unless allowed', () => {
    const publicOnly = EndpointPolicy.fromEntries(['*']);
    for (const ip of ['169.254.169.254', '10.0.0.5', '127.0.0.1', '::1']) {
      expect(publicOnly.refusal(ip, [ip])).toBe(NOT_ALLOWED);
    }
    expect(publicOnly.refusal('localhost', ['127.0.0.1', '::1'])).toBe(REBOUND);
    expect(publicOnly.refusal('93.184.216.34', ['93.184.216.34'])).toBe(
      undefined,
    );
  });

  it('matches host patterns on whole labels, case-insensitively', () => {
    const policy = EndpointPolicy.fromEntries([
      '*.example.com',
      'Shop.Acme.Example',
    ]);
    const pub = ['93.184.216.34'];
    expect(policy.refusal('api.example.com', pub)).toBeUndefined();
    expect(policy.refusal('a.b.EXAMPLE.com.', pub)).toBeUndefined();
    expect(policy.refusal('shop.acme.example', pub)).toBeUndefined();
    expect(policy.refusal('example.com', pub)).toBe(REBOUND);
    expect(policy.refusal('evil-example.com', pub)).toBe(REBOUND);
    expect(policy.refusal('api.example.com.evil.io', pub)).toBe(REBOUND);
    expect(policy.refusal('other.acme.example', pub)).toBe(REBOUND);
    // a public pattern never opens a public IP literal (only `*` does)
    expect(policy.refusal('93.184.216.34', pub)).toBe(NOT_ALLOWED);
  });

  it('checks every resolved address: an allowed name that resolves inward is refused', () => {
    const policy = EndpointPolicy.fromEntries(['*.example.com']);
    expect(policy.refusal('rebind.example.com', ['127.0.0.1'])).toBe(REBOUND);
    expect(
      policy.refusal('rebind.example.com', ['93.184.216.34', '10.0.0.5']),
    ).toBe(REBOUND);
    expect(policy.refusal('meta.example.com', ['::ffff:169.254.169.254'])).toBe(
      REBOUND,
    );
    expect(policy.refusal('none.example.com', [])).toBe(
      'resolves to no address',
    );
  });

  it('opens restricted addresses through addresses and CIDRs only', () => {
    const policy = EndpointPolicy.fromEntries([
      '10.1.0.0/16',
      '127.0.0.1',
      'fd12:3456::/32',
    ]);
    expect(policy.refusal('10.1.2.3', ['10.1.2.3'])).toBeUndefined();
    expect(policy.refusal('db.internal', ['10.1.200.1'])).toBeUndefined();
    expect(policy.refusal('10.2.0.1', ['10.2.0.1'])).toBe(NOT_ALLOWED);
    expect(policy.refusal('127.0.0.1', ['127.0.0.1'])).toBeUndefined();
    expect(policy.refusal('127.0.0.2', ['127.0.0.2'])).toBe(NOT_ALLOWED);
    expect(policy.refusal('::ffff:10.1.0.9', ['::ffff:10.1.0.9'])).toBe(
      undefined,
    );
    expect(policy.refusal('fd12:3456::5', ['fd12:3456::5'])).toBeUndefined();
    expect(policy.refusal('fd12:3457::5', ['fd12:3457::5'])).toBe(NOT_ALLOWED);
    expect(policy.refusal('169.254.169.254', ['169.254.169.254'])).toBe(
      NOT_ALLOWED,
    );
  });

  it.each([
    '10.0.0.0/33',
    '10.0.0.0/x',
    'fd00::/129',
    'a b',
    'http://x',
    '*.',
    'ex*.com',
    '10.0.0.0/8/8',
  ])('refuses the configuration entry %s', entry => {
    expect(() => EndpointPolicy.fromEntries([entry])).toThrow(
      /awoooi\.compliance\.allowedEndpoints/,
    );
  });
});

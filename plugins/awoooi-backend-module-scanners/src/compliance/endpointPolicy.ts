import { BlockList, isIP, isIPv4 } from 'node:net';

/** The configuration key operators allow probe destinations with. */
export const ALLOWED_ENDPOINTS_KEY = 'awoooi.compliance.allowedEndpoints';

/**
 * Ranges no catalog author may point a probe at unless configuration allows
 * them: this host, the cluster's and the office's networks, link-local
 * (cloud metadata at 169.254.169.254, fd00:ec2::254), carrier-grade NAT
 * (Alibaba's metadata at 100.100.100.200), multicast and reserved space.
 */
const RESTRICTED: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 127, 'ipv6'],
  // Mapped (written in hex), NAT64, Teredo and 6to4 addresses can embed any
  // IPv4 address, a private one included.
  ['::ffff:0:0', 96, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['2001::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/**
 * Subnets kept per address family: a BlockList also matches IPv4 addresses
 * against IPv6 rules (as mapped addresses), which `::/127` would turn into
 * "everything".
 */
class Networks {
  private readonly lists = { ipv4: new BlockList(), ipv6: new BlockList() };

  add(net: string, prefix: number, type: 'ipv4' | 'ipv6') {
    this.lists[type].addSubnet(net, prefix, type);
  }

  has(address: { address: string; type: 'ipv4' | 'ipv6' }): boolean {
    return this.lists[address.type].check(address.address, address.type);
  }
}

const restricted = new Networks();
for (const [net, prefix, type] of RESTRICTED) restricted.add(net, prefix, type);

/** `::ffff:10.0.0.5` is 10.0.0.5: mapped addresses are judged as IPv4. */
function canonical(address: string): {
  address: string;
  type: 'ipv4' | 'ipv6';
} {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return { address: mapped[1], type: 'ipv4' };
  return { address: bare, type: isIPv4(bare) ? 'ipv4' : 'ipv6' };
}

/** Loopback, private, link-local, metadata, multicast or reserved. */
export function isRestrictedAddress(address: string): boolean {
  return restricted.has(canonical(address));
}

const HOST_PATTERN =
  /^(\*|(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/;

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}

/**
 * Where probes driven by catalog data (the TLS check of `awoooi.io/endpoints`)
 * may go. Entries are host patterns (`shop.example.com`, `*.example.com`, `*`
 * for any host) and addresses or CIDRs (`10.1.0.0/16`, `fd12::/48`). A host
 * pattern allows public addresses only; a restricted address (loopback,
 * private, link-local, metadata) needs an address or CIDR entry covering it.
 * Every address a name resolves to is checked, so a public-looking name that
 * resolves to 127.0.0.1 is refused.
 */
export class EndpointPolicy {
  private constructor(
    private readonly hosts: string[],
    private readonly networks: Networks,
  ) {}

  /** @throws Error naming the entry that is neither a host pattern nor an address/CIDR. */
  static fromEntries(entries: string[]): EndpointPolicy {
    const hosts: string[] = [];
    const networks = new Networks();
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      const [net, prefixText, extra] = entry.split('/');
      if (isIP(canonical(net).address) && extra === undefined) {
        const c = canonical(net);
        const max = c.type === 'ipv4' ? 32 : 128;
        const prefix = prefixText === undefined ? max : Number(prefixText);
        if (!/^\d*$/.test(prefixText ?? '') || !(prefix >= 0 && prefix <= max))
          throw new Error(`${ALLOWED_ENDPOINTS_KEY}: bad prefix in '${raw}'`);
        networks.add(c.address, prefix, c.type);
      } else if (HOST_PATTERN.test(entry)) {
        hosts.push(entry);
      } else {
        throw new Error(
          `${ALLOWED_ENDPOINTS_KEY}: '${raw}' is neither a host pattern nor an address or CIDR`,
        );
      }
    }
    return new EndpointPolicy(hosts, networks);
  }

  /**
   * Why a probe of `host` at `addresses` (what it resolves to; the host
   * itself when it is an address) is refused; undefined when it is allowed.
   */
  refusal(host: string, addresses: string[]): string | undefined {
    const name = host.toLowerCase().replace(/\.$/, '');
    const named =
      !isIP(canonical(name).address) &&
      this.hosts.some(p => hostMatches(p, name));
    const literal = isIP(canonical(name).address) && this.hosts.includes('*');
    for (const address of addresses) {
      if (this.networks.has(canonical(address))) continue;
      if ((named || literal) && !isRestrictedAddress(address)) continue;
      // The address itself stays unsaid: the result is shown to catalog readers.
      return isIP(canonical(name).address)
        ? 'not allowed by configuration'
        : 'resolves to an address not allowed by configuration';
    }
    return addresses.length ? undefined : 'resolves to no address';
  }
}

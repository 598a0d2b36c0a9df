/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Seeded pseudo-random source (mulberry32): generated names and uids look
 * random but repeat run after run, so tests and demos are reproducible.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A suffix like the `-x7k2p` of `order-api-6d9f7c5b8-x7k2p`. */
  suffix(length = 5): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += SAFE_ALPHABET[Math.floor(this.next() * SAFE_ALPHABET.length)];
    }
    return out;
  }

  uid(): string {
    const hex = Array.from({ length: 32 }, () =>
      Math.floor(this.next() * 16).toString(16),
    );
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(
      16,
      20,
    )}-${s.slice(20)}`;
  }
}

/** Stable short hash in the safe alphabet, like a `pod-template-hash`. */
export function safeHash(text: string, length = 10): string {
  // FNV-1a, then re-spread over the alphabet.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const random = new SeededRandom(hash);
  return random.suffix(length);
}

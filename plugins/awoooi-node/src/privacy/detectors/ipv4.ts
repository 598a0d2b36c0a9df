import { CH, WORD, codeAt, isAsciiLetter, isDigit } from '../chars';

/**
 * End of a dotted-quad IPv4 address starting at `start`, or -1. The caller
 * has checked the left boundary. Each octet is 1–3 digits up to 255; a fifth
 * part (`1.3.6.1.4`) or a trailing word character rejects the whole run.
 */
export function matchIpv4(text: string, start: number): number {
  let i = start;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (codeAt(text, i) !== CH.DOT) return -1;
      i++;
    }
    let value = 0;
    let digits = 0;
    let c = codeAt(text, i);
    while (isDigit(c) && digits < 4) {
      value = value * 10 + (c - CH.ZERO);
      digits++;
      c = codeAt(text, ++i);
    }
    if (digits === 0 || digits > 3 || value > 255) return -1;
  }
  const next = codeAt(text, i);
  if (WORD[next] === 1) return -1;
  if (next === CH.DOT && isDigit(codeAt(text, i + 1))) return -1;
  return i;
}

/**
 * Loopback (`127.0.0.0/8`) and the unspecified address (`0.0.0.0`) name no
 * host and no person, and `listening on 127.0.0.1` versus `0.0.0.0` is often
 * the very clue an analysis needs, so they are left in place.
 */
export function isNonIdentifyingIpv4(
  text: string,
  start: number,
  end: number,
): boolean {
  return (
    text.startsWith('127.', start) ||
    (end - start === 7 && text.startsWith('0.0.0.0', start))
  );
}

// Names after which a dotted quad is a version (`version=1.2.3.4`), not an
// address. Exact names only: `ver` must not catch `server=10.0.0.1`.
const VERSION_NAMES = new Set([
  'version',
  'ver',
  'release',
  'build',
  'tag',
  'rev',
  'revision',
  'firmware',
]);
const VERSION_SUFFIXES = ['version', 'release', 'revision'];

/**
 * True when the dotted quad at `start` follows a version-like name, as in
 * `version=1.2.3.4`, `appVersion: "1.2.3.4"` or `release 1.2.3.4`.
 */
export function isVersionContext(text: string, start: number): boolean {
  let i = start - 1;
  // Up to three separator characters: `=`, `:`, quotes, spaces.
  let skipped = 0;
  while (i >= 0 && skipped < 3) {
    const c = text.charCodeAt(i);
    if (
      c !== CH.EQ &&
      c !== CH.COLON &&
      c !== CH.QUOTE &&
      c !== CH.APOS &&
      c !== CH.SPACE
    ) {
      break;
    }
    i--;
    skipped++;
  }
  if (skipped === 0) return false;
  const end = i + 1;
  while (
    i >= 0 &&
    end - i <= 32 &&
    (isAsciiLetter(text.charCodeAt(i)) || text.charCodeAt(i) === CH.UNDERSCORE)
  ) {
    i--;
  }
  const name = text.slice(i + 1, end).toLowerCase();
  if (name.length === 0) return false;
  if (VERSION_NAMES.has(name)) return true;
  return VERSION_SUFFIXES.some(s => name.endsWith(s));
}

import { CH, HEX, WORD, codeAt } from '../chars';
import { matchIpv4 } from './ipv4';
import { Span } from './span';

// Longest text form: eight groups of four plus seven colons, or six groups
// and an embedded IPv4 address (45 characters).
const MAX_LENGTH = 45;

function isIpv6Char(c: number): boolean {
  return HEX[c] === 1 || c === CH.COLON || c === CH.DOT;
}

/**
 * An IPv6 address around the colon at `colon`, not reaching left of `floor`.
 * It needs `::` or exactly eight groups, so clock times (`03:12:45`) and MAC
 * addresses (`00:1a:2b:3c:4d:5e`) are not addresses.
 */
export function matchIpv6(
  text: string,
  colon: number,
  floor: number,
): Span | undefined {
  // Cheap exits for the common `name: value` and `12:34` shapes.
  const before = codeAt(text, colon - 1);
  const after = codeAt(text, colon + 1);
  if (HEX[before] !== 1 && before !== CH.COLON && after !== CH.COLON) {
    return undefined;
  }
  if (HEX[after] !== 1 && after !== CH.COLON) return undefined;

  // The first colon of an address has at most one group (4 hex digits)
  // before it. A colon before that group means the scanner already tried
  // this run from its first colon, so the left edge must be a non-word.
  let start = colon;
  while (
    start > floor &&
    colon - start < 4 &&
    HEX[text.charCodeAt(start - 1)] === 1
  ) {
    start--;
  }
  const left = codeAt(text, start - 1);
  if (WORD[left] === 1 || left === CH.DOT || left === CH.COLON) {
    return undefined;
  }
  let end = colon + 1;
  while (
    end < text.length &&
    end - start < MAX_LENGTH + 1 &&
    isIpv6Char(text.charCodeAt(end))
  ) {
    end++;
  }
  if (WORD[codeAt(text, end)] === 1) return undefined;
  // A sentence may end right after the address: `… from fe80::1.`
  while (end > colon && text.charCodeAt(end - 1) === CH.DOT) end--;
  // `fe80::1: connection refused` – a lone trailing colon is punctuation.
  if (
    text.charCodeAt(end - 1) === CH.COLON &&
    text.charCodeAt(end - 2) !== CH.COLON
  ) {
    end--;
  }
  // Loopback `::1` names no host (see `isNonIdentifyingIpv4`).
  if (end - start === 3 && text.startsWith('::1', start)) return undefined;
  return isIpv6(text, start, end) ? { type: 'IPV6', start, end } : undefined;
}

/** Validates `text[start, end)` as an IPv6 address in text form. */
function isIpv6(text: string, start: number, end: number): boolean {
  let groups = 0;
  let compressed = false;
  let hexDigits = 0;
  let i = start;
  if (text.charCodeAt(i) === CH.COLON) {
    if (text.charCodeAt(i + 1) !== CH.COLON) return false;
    compressed = true;
    i += 2;
  }
  while (i < end) {
    // One group: hex digits, or a trailing embedded IPv4 address.
    let j = i;
    while (j < end && HEX[text.charCodeAt(j)] === 1) j++;
    if (j < end && text.charCodeAt(j) === CH.DOT) {
      if (matchIpv4(text, i) !== end || groups > 6) return false;
      groups += 2;
      hexDigits++;
      break;
    }
    const length = j - i;
    if (length === 0 || length > 4) return false;
    hexDigits += length;
    groups++;
    if (j === end) break;
    // text[j] is a colon here; a second one marks the `::` gap.
    j++;
    if (j < end && text.charCodeAt(j) === CH.COLON) {
      if (compressed) return false;
      compressed = true;
      j++;
    } else if (j === end) {
      return false;
    }
    i = j;
  }
  if (hexDigits === 0) return false;
  return compressed ? groups <= 7 : groups === 8;
}

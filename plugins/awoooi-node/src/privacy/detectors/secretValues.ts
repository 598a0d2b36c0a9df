import { CH, codeAt, isAsciiLetter } from '../chars';
import { matchJwt } from './identifiers';
import { looksRandom } from './randomness';
import { lowerCode } from './secretNames';
import { Span } from './span';

// The value side of a secret assignment: where it starts and ends, and
// which values are placeholders rather than secrets.

const AUTH_SCHEMES = new Set([
  'bearer',
  'basic',
  'token',
  'digest',
  'negotiate',
  'apikey',
]);

// Values that say a secret is absent or already hidden.
const DUMMY_VALUES = new Set([
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'redacted',
  '<redacted>',
  '[redacted]',
  'hidden',
  'masked',
  'empty',
  'required',
  'missing',
  'unset',
]);

export const BEARER = 'bearer ';
export const MIN_PASSWORD = 3;
const MIN_CREDENTIAL = 8;
// Longer values are not taken for secrets (a JWT is matched on its own),
// which also bounds the work per `=` on hostile input.
const MAX_VALUE = 256;

function endsBareValue(c: number): boolean {
  return (
    c <= CH.SPACE ||
    c === CH.QUOTE ||
    c === CH.APOS ||
    c === CH.COMMA ||
    c === CH.SEMI ||
    c === CH.AMP ||
    c === CH.LT ||
    c === CH.GT ||
    c === CH.RPAREN ||
    c === CH.RBRACE ||
    c === CH.RBRACKET ||
    c === CH.BACKSLASH
  );
}

export function isDummyValue(value: string): boolean {
  if (DUMMY_VALUES.has(value.toLowerCase())) return true;
  // Masks (`****`, `xxxx`), references (`${DB_PASS}`, `$(cat pw)`,
  // `{{ .Values.pw }}`, `$DB_PASS`, `<password>`) and labels of an earlier
  // redaction (`[KEY_3]`); a bare value stops before `}` and `]`.
  return /^(?:[*xX•.]+$|\$\{|\$\(|\{\{|<[^<>]*>$|\[[A-Z0-9]+_\d+\]?$|\$[A-Z_][A-Z0-9_]*$)/.test(
    value,
  );
}

export function credentialType(text: string, start: number, end: number): Span {
  const type = matchJwt(text, start) === end ? 'JWT' : 'KEY';
  return { type, start, end };
}

function isValueOpening(c: number): boolean {
  return (
    c === CH.SPACE || c === CH.QUOTE || c === CH.APOS || c === CH.BACKSLASH
  );
}

/**
 * A JWT right after `sep`, past spaces, an opening quote and a `Bearer`
 * scheme. Checked before the value is read, since JWTs run longer than the
 * value limit.
 */
export function jwtValue(text: string, sep: number): Span | undefined {
  let start = sep + 1;
  while (start - sep <= 4 && isValueOpening(codeAt(text, start))) start++;
  if (lowerCode(codeAt(text, start)) === BEARER.charCodeAt(0)) {
    if (text.slice(start, start + BEARER.length).toLowerCase() !== BEARER) {
      return undefined;
    }
    start += BEARER.length;
    while (codeAt(text, start) === CH.SPACE) start++;
  }
  const end = matchJwt(text, start);
  if (end < 0 || !endsBareValue(codeAt(text, end))) return undefined;
  return { type: 'JWT', start, end };
}

/** Start and end of the value after `sep`, quoted or bare. */
export function readValue(
  text: string,
  sep: number,
): { start: number; end: number; quoted: boolean } | undefined {
  let v = sep + 1;
  while (
    v - sep <= 3 &&
    (codeAt(text, v) === CH.SPACE || codeAt(text, v) === CH.TAB)
  ) {
    v++;
  }
  let escaped = false;
  if (
    codeAt(text, v) === CH.BACKSLASH &&
    (codeAt(text, v + 1) === CH.QUOTE || codeAt(text, v + 1) === CH.APOS)
  ) {
    escaped = true;
    v++;
  }
  const quote = codeAt(text, v);
  if (quote === CH.QUOTE || quote === CH.APOS) {
    const start = v + 1;
    let end = start;
    while (end < text.length && end - start <= MAX_VALUE) {
      const c = text.charCodeAt(end);
      if (c === quote || c === CH.LF || c === CH.CR) break;
      end++;
    }
    if (codeAt(text, end) !== quote) return undefined;
    if (escaped && text.charCodeAt(end - 1) === CH.BACKSLASH) end--;
    return { start, end, quoted: true };
  }
  let end = v;
  while (
    end < text.length &&
    end - v <= MAX_VALUE &&
    !endsBareValue(text.charCodeAt(end))
  ) {
    end++;
  }
  if (end - v > MAX_VALUE) return undefined;
  return { start: v, end, quoted: false };
}

/** The credential of an `Authorization` value, after its scheme if any. */
export function authorizationCredential(
  text: string,
  value: { start: number; end: number; quoted: boolean },
): Span | undefined {
  let start = value.start;
  let schemeEnd = start;
  while (isAsciiLetter(codeAt(text, schemeEnd))) schemeEnd++;
  const hasScheme =
    codeAt(text, schemeEnd) === CH.SPACE &&
    AUTH_SCHEMES.has(text.slice(start, schemeEnd).toLowerCase());
  if (hasScheme) {
    start = schemeEnd;
    while (codeAt(text, start) === CH.SPACE) start++;
  }
  let end = start;
  const limit = value.quoted ? value.end : text.length;
  while (end < limit && !endsBareValue(text.charCodeAt(end))) end++;
  if (end - start < MIN_CREDENTIAL) return undefined;
  if (!hasScheme && !looksRandom(text, start, end)) return undefined;
  return credentialType(text, start, end);
}

/**
 * Character-class tables for the scanner. Indexed by UTF-16 code unit; they
 * cover the whole 16-bit range so a lookup never goes out of bounds (an
 * out-of-bounds typed-array read makes V8 leave its fast path).
 */

/** A lookup table holding 1 for each character of `chars`. */
export function charTable(chars: string): Uint8Array {
  const t = new Uint8Array(65536);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const ALNUM = DIGITS + LOWER + UPPER;

/** `[A-Za-z0-9_]`: what `\w` means in a regular expression. */
export const WORD = charTable(`${ALNUM}_`);
export const HEX = charTable(`${DIGITS}abcdefABCDEF`);
export const ALNUM_CHARS = charTable(ALNUM);
/** Base64url, the alphabet of JWT segments and most provider tokens. */
export const B64URL = charTable(`${ALNUM}_-`);
/** Characters of an unquoted e-mail local part (RFC 5321 "dot-atom", trimmed). */
export const EMAIL_LOCAL = charTable(`${ALNUM}._%+-`);
/** Characters of a setting name in `name=value` or `"name": value`. */
export const KEY_NAME = charTable(`${ALNUM}_.-`);

export const CH = {
  TAB: 9,
  LF: 10,
  CR: 13,
  SPACE: 32,
  BANG: 33,
  QUOTE: 34,
  HASH: 35,
  PERCENT: 37,
  AMP: 38,
  APOS: 39,
  LPAREN: 40,
  RPAREN: 41,
  PLUS: 43,
  COMMA: 44,
  DASH: 45,
  DOT: 46,
  SLASH: 47,
  ZERO: 48,
  ONE: 49,
  TWO: 50,
  COLON: 58,
  SEMI: 59,
  LT: 60,
  EQ: 61,
  GT: 62,
  QUESTION: 63,
  AT: 64,
  T: 84,
  Z: 90,
  LBRACKET: 91,
  BACKSLASH: 92,
  RBRACKET: 93,
  UNDERSCORE: 95,
  BACKTICK: 96,
  LBRACE: 123,
  RBRACE: 125,
  TILDE: 126,
} as const;

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Code of `text[i]`, or 0 past either end (0 belongs to no class). */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : 0;
}

/**
 * End of the run of characters in `set` starting at `from`, looking at no
 * more than `limit` characters (callers pass their longest valid run + 1, so
 * a run of any length costs them at most that much).
 */
export function runEnd(
  text: string,
  from: number,
  set: Uint8Array,
  limit: number,
): number {
  const n = Math.min(text.length, from + limit);
  let i = from;
  while (i < n && set[text.charCodeAt(i)] === 1) i++;
  return i;
}

/** Digits in `[from, to)` only. */
export function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++)
    if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

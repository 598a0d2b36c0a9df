import {
  CH,
  KEY_NAME,
  WORD,
  charTable,
  codeAt,
  isAsciiLetter,
  runEnd,
} from '../chars';
import { matchJwt } from './identifiers';
import { matchProviderKey } from './providerKeys';
import { looksRandom } from './randomness';
import { Span } from './span';

/**
 * How a setting's value is judged:
 * - `password`: any real value is a secret, however weak (`hunter2`);
 * - `token`: only a value that looks generated (see `looksRandom`), since
 *   `key=` and `secret=` also name cache keys and Kubernetes secrets;
 * - `authorization`: an optional scheme (`Bearer`, `Basic`, …) then a credential.
 */
type SecretKind = 'password' | 'token' | 'authorization';

// Matched against the setting name lower-cased without `-`, `_` and `.`, so
// `DB_PASSWORD`, `x-api-key` and `spring.datasource.password` all count.
const SUFFIXES: Array<[string, SecretKind]> = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'password'],
  ['pwd', 'password'],
  ['authorization', 'authorization'],
  ['token', 'token'],
  ['secret', 'token'],
  ['key', 'token'],
  ['credential', 'token'],
  ['credentials', 'token'],
  ['auth', 'token'],
];

function lowerCode(c: number): number {
  return c | 0x20;
}

function tailCode(a: number, b: number, c: number): number {
  return (lowerCode(a) << 16) | (lowerCode(b) << 8) | lowerCode(c);
}

// Secret-looking names by their last three letters: one table lookup
// rejects `status=`, `duration=` and most other settings without reading
// further. Index: the three lower-case letters in base 26.
const tailIndex = (code: number) =>
  ((code >> 16) - 97) * 676 +
  (((code >> 8) & 0xff) - 97) * 26 +
  ((code & 0xff) - 97);
const SECRET_TAIL = new Uint8Array(26 * 26 * 26);
const SUFFIXES_BY_TAIL = new Map<number, Array<[string, SecretKind]>>();
for (const entry of SUFFIXES) {
  const s = entry[0];
  const tail = tailCode(
    s.charCodeAt(s.length - 3),
    s.charCodeAt(s.length - 2),
    s.charCodeAt(s.length - 1),
  );
  SECRET_TAIL[tailIndex(tail)] = 1;
  SUFFIXES_BY_TAIL.set(tail, [...(SUFFIXES_BY_TAIL.get(tail) ?? []), entry]);
}

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

const BEARER = 'bearer ';
const MIN_PASSWORD = 3;
const MIN_CREDENTIAL = 8;
// Longer values are not taken for secrets (a JWT is matched on its own),
// which also bounds the work per `=` on hostile input.
const MAX_VALUE = 256;

function isNameSeparator(c: number): boolean {
  return c === CH.DASH || c === CH.UNDERSCORE || c === CH.DOT;
}

/** Whether `text[start, end)` ends with `suffix`, ignoring case and `-_.`. */
function nameEndsWith(
  text: string,
  start: number,
  end: number,
  suffix: string,
): boolean {
  let i = end - 1;
  for (let k = suffix.length - 1; k >= 0; k--) {
    while (i >= start && isNameSeparator(text.charCodeAt(i))) i--;
    if (i < start || lowerCode(text.charCodeAt(i)) !== suffix.charCodeAt(k)) {
      return false;
    }
    i--;
  }
  return true;
}

function secretKind(
  text: string,
  start: number,
  end: number,
  candidates: Array<[string, SecretKind]>,
): SecretKind | undefined {
  for (const [suffix, kind] of candidates) {
    if (nameEndsWith(text, start, end, suffix)) return kind;
  }
  return undefined;
}

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

function isDummyValue(value: string): boolean {
  if (DUMMY_VALUES.has(value.toLowerCase())) return true;
  // Masks (`****`, `xxxx`), references (`${DB_PASS}`, `$(cat pw)`,
  // `{{ .Values.pw }}`, `$DB_PASS`, `<password>`) and labels of an earlier
  // redaction (`[KEY_3]`); a bare value stops before `}` and `]`.
  return /^(?:[*xX•.]+$|\$\{|\$\(|\{\{|<[^<>]*>$|\[[A-Z0-9]+_\d+\]?$|\$[A-Z_][A-Z0-9_]*$)/.test(
    value,
  );
}

function credentialType(text: string, start: number, end: number): Span {
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
function jwtValue(text: string, sep: number): Span | undefined {
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
function readValue(
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
function authorizationCredential(
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

/**
 * Whether the name at `nameStart` continues a sentence (`wrong password:
 * access denied`) rather than opening a setting (`password: x` at a line
 * start, after `{`, `,` or `-`): a word and a space come right before it.
 */
function followsProse(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  if (codeAt(text, i) !== CH.SPACE) return false;
  while (codeAt(text, i) === CH.SPACE) i--;
  return WORD[codeAt(text, i)] === 1;
}

/**
 * Where the name before the separator at `sep` ends (past up to one space
 * and a closing quote), and the settings its last three letters may end;
 * undefined when no secret-looking name can end there.
 */
function secretNameTail(
  text: string,
  sep: number,
  floor: number,
): { nameEnd: number; candidates: Array<[string, SecretKind]> } | undefined {
  let nameEnd = sep;
  while (
    nameEnd > floor &&
    sep - nameEnd < 2 &&
    codeAt(text, nameEnd - 1) === CH.SPACE
  ) {
    nameEnd--;
  }
  const closing = codeAt(text, nameEnd - 1);
  if (closing === CH.QUOTE || closing === CH.APOS) {
    nameEnd--;
    if (codeAt(text, nameEnd - 1) === CH.BACKSLASH) nameEnd--;
  }
  if (nameEnd - 3 < floor) return undefined;
  const a = text.charCodeAt(nameEnd - 3);
  const b = text.charCodeAt(nameEnd - 2);
  const c = text.charCodeAt(nameEnd - 1);
  if (!isAsciiLetter(a) || !isAsciiLetter(b) || !isAsciiLetter(c)) {
    return undefined;
  }
  const tail = tailCode(a, b, c);
  if (SECRET_TAIL[tailIndex(tail)] !== 1) return undefined;
  const candidates = SUFFIXES_BY_TAIL.get(tail);
  if (!candidates) return undefined;
  return { nameEnd, candidates };
}

/** Where the setting name ending at `nameEnd` starts (at most 64 characters back). */
function settingNameStart(text: string, nameEnd: number, floor: number) {
  let nameStart = nameEnd;
  while (
    nameStart > floor &&
    nameEnd - nameStart < 64 &&
    KEY_NAME[text.charCodeAt(nameStart - 1)] === 1
  ) {
    nameStart--;
  }
  return nameStart;
}

/**
 * A password long enough, not in prose (`wrong password: access denied`)
 * and not a placeholder; a token or key when it looks random or is a
 * provider's key.
 */
function secretValue(
  text: string,
  sep: number,
  nameStart: number,
  kind: SecretKind,
  value: { start: number; end: number; quoted: boolean },
): Span | undefined {
  const { start, end } = value;
  if (kind === 'password') {
    if (end - start < MIN_PASSWORD) return undefined;
    if (
      text.charCodeAt(sep) === CH.COLON &&
      !value.quoted &&
      followsProse(text, nameStart)
    ) {
      return undefined;
    }
    if (isDummyValue(text.slice(start, end))) return undefined;
    return { type: 'KEY', start, end };
  }
  if (looksRandom(text, start, end) || matchProviderKey(text, start) === end) {
    return { type: 'KEY', start, end };
  }
  return undefined;
}

/**
 * A secret value assigned to a secret-looking name at the `=` or `:` at
 * `sep`: `password=…`, `"api_key": "…"`, `Authorization: Bearer …`.
 * The span covers the value only. `floor` bounds the look back.
 */
export function matchSecretAssignment(
  text: string,
  sep: number,
  floor: number,
): Span | undefined {
  const name = secretNameTail(text, sep, floor);
  if (!name) return undefined;
  // `==` compares rather than assigns.
  if (text.charCodeAt(sep) === CH.EQ && codeAt(text, sep + 1) === CH.EQ) {
    return undefined;
  }
  const nameStart = settingNameStart(text, name.nameEnd, floor);
  const kind = secretKind(text, nameStart, name.nameEnd, name.candidates);
  if (!kind) return undefined;

  const jwt = jwtValue(text, sep);
  if (jwt) return jwt;
  const value = readValue(text, sep);
  if (!value || value.end <= value.start) return undefined;
  if (kind === 'authorization') return authorizationCredential(text, value);
  return secretValue(text, sep, nameStart, kind, value);
}

// RFC 7235 token68 without its `=` padding.
const TOKEN68 = charTable(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/',
);
const MAX_BEARER = 16384;

/** A `Bearer <token>` outside an `Authorization` header, at `start`. */
export function matchBearer(text: string, start: number): Span | undefined {
  if (!text.startsWith('earer ', start + 1)) return undefined;
  let v = start + BEARER.length;
  while (codeAt(text, v) === CH.SPACE) v++;
  let end = runEnd(text, v, TOKEN68, MAX_BEARER);
  while (end > v && codeAt(text, end - 1) === CH.DOT) end--;
  while (codeAt(text, end) === CH.EQ) end++;
  if (end - v < 16 || WORD[codeAt(text, end)] === 1) return undefined;
  return credentialType(text, v, end);
}

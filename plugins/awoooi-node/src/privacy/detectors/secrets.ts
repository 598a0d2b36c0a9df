import { CH, WORD, charTable, codeAt, runEnd } from '../chars';
import { matchProviderKey } from './providerKeys';
import { looksRandom } from './randomness';
import {
  SecretKind,
  secretKind,
  secretNameTail,
  settingNameStart,
} from './secretNames';
import {
  BEARER,
  MIN_PASSWORD,
  authorizationCredential,
  credentialType,
  isDummyValue,
  jwtValue,
  readValue,
} from './secretValues';
import { Span } from './span';

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

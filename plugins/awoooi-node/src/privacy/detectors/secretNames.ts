import { CH, KEY_NAME, codeAt, isAsciiLetter } from '../chars';

// The name side of a secret assignment: which setting names hold secrets,
// and of what kind.

/**
 * How a setting's value is judged:
 * - `password`: any real value is a secret, however weak (`hunter2`);
 * - `token`: only a value that looks generated (see `looksRandom`), since
 *   `key=` and `secret=` also name cache keys and Kubernetes secrets;
 * - `authorization`: an optional scheme (`Bearer`, `Basic`, …) then a credential.
 */
export type SecretKind = 'password' | 'token' | 'authorization';

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

export function lowerCode(c: number): number {
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

export function secretKind(
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

/**
 * Where the name before the separator at `sep` ends (past up to one space
 * and a closing quote), and the settings its last three letters may end;
 * undefined when no secret-looking name can end there.
 */
export function secretNameTail(
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
export function settingNameStart(text: string, nameEnd: number, floor: number) {
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

import { CH, isAsciiLetter, isDigit } from '../chars';

const MIN_LENGTH = 16;
const MAX_LENGTH = 4096;
// Share of neighbouring characters that change class (lower, upper, digit).
// Random hex sits near 0.47 and random base64 near 0.6; names such as
// `cache-entry-for-user-12345` or `tenant-42-eu-west-1` stay below 0.25.
const MIN_SWITCH_RATE = 0.25;

const LOWER = 0;
const UPPER = 1;
const DIGIT = 2;

function isTokenSymbol(c: number): boolean {
  return (
    c === CH.DASH ||
    c === CH.UNDERSCORE ||
    c === CH.PLUS ||
    c === CH.SLASH ||
    c === CH.EQ ||
    c === CH.DOT ||
    c === CH.TILDE
  );
}

/** `report-7f3a.pdf`: a value ending in a short lowercase extension. */
function hasFileExtension(text: string, start: number, end: number): boolean {
  let i = end - 1;
  while (i > start && end - i <= 5) {
    const c = text.charCodeAt(i);
    if (c === CH.DOT) return end - i >= 3;
    if (c < 97 || c > 122) return false;
    i--;
  }
  return false;
}

/**
 * Whether `text[start, end)` looks like a generated credential rather than a
 * name, path or number: long enough, only token characters, a mix of letters
 * and digits (or of cases), and frequent changes between character classes.
 */
export function looksRandom(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < MIN_LENGTH || length > MAX_LENGTH) return false;
  let lower = 0;
  let upper = 0;
  let digits = 0;
  let pairs = 0;
  let switches = 0;
  let previous = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let cls: number;
    if (c >= 97 && c <= 122) {
      cls = LOWER;
      lower++;
    } else if (isAsciiLetter(c)) {
      cls = UPPER;
      upper++;
    } else if (isDigit(c)) {
      cls = DIGIT;
      digits++;
    } else if (isTokenSymbol(c)) {
      continue;
    } else {
      return false;
    }
    if (previous >= 0) {
      pairs++;
      if (cls !== previous) switches++;
    }
    previous = cls;
  }
  const mixed = (digits > 0 && lower + upper > 0) || (lower > 0 && upper > 0);
  if (!mixed || pairs === 0) return false;
  if (hasFileExtension(text, start, end)) return false;
  return switches / pairs >= MIN_SWITCH_RATE;
}

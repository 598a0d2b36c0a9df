import { CH, WORD, codeAt, isDigit } from '../chars';

const MIN_DIGITS = 8;
const MAX_DIGITS = 15; // E.164
const NANP_DIGITS = 11; // `+1` and ten digits

function isPhoneSeparator(c: number): boolean {
  return c === CH.SPACE || c === CH.DASH || c === CH.DOT;
}

/**
 * End of an international number (`+44 20 7946 0958`, `+1 (415) 555-2671`,
 * `+14155552671`) whose `+` is at `plus`, or -1. Groups are taken while the
 * total stays within E.164's 15 digits; a `+1` number stops after its 11, so
 * a status code written after it is not swallowed.
 */
export function matchInternationalPhone(text: string, plus: number): number {
  let i = plus + 1;
  const first = codeAt(text, i);
  if (!isDigit(first) || first === CH.ZERO) return -1;
  const limit = first === CH.ONE ? NANP_DIGITS : MAX_DIGITS;
  let digits = 0;
  let end = -1;
  let inParens = false;
  for (;;) {
    const groupStart = i;
    while (isDigit(codeAt(text, i))) i++;
    const length = i - groupStart;
    if (length === 0 || digits + length > limit) break;
    digits += length;
    end = i;
    if (digits === limit) break;
    let c = codeAt(text, i);
    if (c === CH.RPAREN && inParens) {
      inParens = false;
      c = codeAt(text, ++i);
    }
    if (isPhoneSeparator(c)) c = codeAt(text, ++i);
    if (c === CH.LPAREN && !inParens) {
      inParens = true;
      c = codeAt(text, ++i);
    }
    if (!isDigit(c)) break;
  }
  if (digits < MIN_DIGITS || WORD[codeAt(text, end)] === 1) return -1;
  return end;
}

/** `n` digits at `i`, the first of them 2–9 when `leadingTwoToNine`. */
function digitsAt(
  text: string,
  i: number,
  n: number,
  leadingTwoToNine: boolean,
): boolean {
  for (let k = 0; k < n; k++) {
    if (!isDigit(codeAt(text, i + k))) return false;
  }
  return !leadingTwoToNine || codeAt(text, i) >= CH.TWO;
}

/** After a complete number: nothing that continues a word or a number. */
function phoneEnds(text: string, end: number): boolean {
  const c = codeAt(text, end);
  if (WORD[c] === 1) return false;
  return !(isPhoneSeparator(c) && isDigit(codeAt(text, end + 1)));
}

/**
 * End of a North American number written with separators and starting at
 * `start`, or -1: `415-555-2671`, `415.555.2671`, `1-800-555-0199`, and at an
 * opening parenthesis `(415) 555-2671`. Area code and exchange start with
 * 2–9, as the numbering plan requires. Bare ten-digit runs are not phones:
 * they are far more often counters or ids.
 */
export function matchNorthAmericanPhone(text: string, start: number): number {
  let i = start;
  if (codeAt(text, i) === CH.LPAREN) {
    if (!digitsAt(text, i + 1, 3, true) || codeAt(text, i + 4) !== CH.RPAREN) {
      return -1;
    }
    i += 5;
    if (codeAt(text, i) === CH.SPACE) i++;
    if (!digitsAt(text, i, 3, true) || codeAt(text, i + 3) !== CH.DASH)
      return -1;
    if (!digitsAt(text, i + 4, 4, false)) return -1;
    return phoneEnds(text, i + 8) ? i + 8 : -1;
  }
  // An optional trunk prefix `1` and the separator it sets.
  let sep = codeAt(text, i + 3);
  const trunk = codeAt(text, i + 1);
  if (codeAt(text, i) === CH.ONE && (trunk === CH.DASH || trunk === CH.DOT)) {
    sep = trunk;
    i += 2;
    if (codeAt(text, i + 3) !== sep) return -1;
  }
  if (sep !== CH.DASH && sep !== CH.DOT) return -1;
  if (!digitsAt(text, i, 3, true) || codeAt(text, i + 3) !== sep) return -1;
  if (!digitsAt(text, i + 4, 3, true) || codeAt(text, i + 7) !== sep) return -1;
  if (!digitsAt(text, i + 8, 4, false)) return -1;
  return phoneEnds(text, i + 12) ? i + 12 : -1;
}

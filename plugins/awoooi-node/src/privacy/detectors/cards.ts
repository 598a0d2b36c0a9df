import { CH, WORD, codeAt, isDigit } from '../chars';

/** The Luhn (mod 10) check digit test over the digits of `digits`. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - CH.ZERO;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Whether the issuer prefix fits the length: Visa 4 (13/16/19), Mastercard
 * 51–55 and 2221–2720 (16), Amex 34/37 (15), Diners 30/36/38/39 (14–16),
 * JCB 35 and Discover/UnionPay 6 (16–19). Millisecond timestamps (13 digits
 * starting with 1) and most counters fail here before Luhn is even tried.
 */
export function issuerFits(digits: string): boolean {
  const n = digits.length;
  const d1 = digits.charCodeAt(0) - CH.ZERO;
  const d2 = digits.charCodeAt(1) - CH.ZERO;
  switch (d1) {
    case 4:
      return n === 13 || n === 16 || n === 19;
    case 5:
      return d2 >= 1 && d2 <= 5 && n === 16;
    case 2: {
      const four = Number(digits.slice(0, 4));
      return four >= 2221 && four <= 2720 && n === 16;
    }
    case 3:
      if (d2 === 4 || d2 === 7) return n === 15;
      if (d2 === 0 || d2 === 6 || d2 === 8 || d2 === 9)
        return n >= 14 && n <= 16;
      if (d2 === 5) return n >= 16 && n <= 19;
      return false;
    case 6:
      return (
        (d2 === 0 || d2 === 2 || d2 === 4 || d2 === 5) && n >= 16 && n <= 19
      );
    default:
      return false;
  }
}

// Printed group shapes: 4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4.
const GROUP_SHAPES = new Set(['4,4,4,4', '4,4,4,4,3', '4,6,5', '4,6,4']);

/**
 * End of a payment card number starting at `start` (a digit at a word
 * boundary), or -1: 13–19 digits written together or in the usual groups
 * separated by one space or dash, with a known issuer prefix and a valid
 * Luhn check digit.
 */
export function matchCard(
  text: string,
  start: number,
  digitEnd: number,
): number {
  const firstGroup = digitEnd - start;
  if (firstGroup >= 13 && firstGroup <= 19) {
    if (WORD[codeAt(text, digitEnd)] === 1) return -1;
    if (
      codeAt(text, digitEnd) === CH.DOT &&
      isDigit(codeAt(text, digitEnd + 1))
    ) {
      return -1;
    }
    const digits = text.slice(start, digitEnd);
    return issuerFits(digits) && luhnValid(digits) ? digitEnd : -1;
  }
  if (firstGroup !== 4) return -1;
  const sep = codeAt(text, digitEnd);
  if (sep !== CH.SPACE && sep !== CH.DASH) return -1;
  // Dates (`2026-11-24`) leave here: a card's second group has 4+ digits.
  for (let k = 1; k <= 4; k++) {
    if (!isDigit(codeAt(text, digitEnd + k))) return -1;
  }

  // Collect up to five groups; the card may be followed by more numbers
  // (`4111 1111 1111 1111 12/27`), so every shape is tried as a prefix.
  const lengths = [firstGroup];
  const ends = [digitEnd];
  let i = digitEnd;
  while (
    lengths.length < 5 &&
    codeAt(text, i) === sep &&
    isDigit(codeAt(text, i + 1))
  ) {
    let j = i + 1;
    while (isDigit(codeAt(text, j))) j++;
    lengths.push(j - i - 1);
    ends.push(j);
    i = j;
  }
  for (let k = lengths.length; k >= 3; k--) {
    const end = ends[k - 1];
    if (!GROUP_SHAPES.has(lengths.slice(0, k).join(','))) continue;
    if (WORD[codeAt(text, end)] === 1) continue;
    const digits = text.slice(start, end).replace(/[ -]/g, '');
    if (issuerFits(digits) && luhnValid(digits)) return end;
  }
  return -1;
}

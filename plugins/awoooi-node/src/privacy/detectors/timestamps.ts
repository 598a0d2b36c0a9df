import { CH, WORD, codeAt, isDigit } from '../chars';

function digitsAt(text: string, i: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isDigit(codeAt(text, i + k))) return false;
  return true;
}

/**
 * End of an ISO-8601 date or date-time starting at `start`, or -1:
 * `2026-11-24`, `2026-11-24T03:12:45.123Z`, `2026-11-24 03:12:45+01:00`.
 * Nearly every log line opens with one and none holds personal data, so the
 * scanner steps over it in one go instead of trying its six numbers.
 */
export function isoTimestampEnd(text: string, start: number): number {
  if (
    !digitsAt(text, start, 4) ||
    codeAt(text, start + 4) !== CH.DASH ||
    !digitsAt(text, start + 5, 2) ||
    codeAt(text, start + 7) !== CH.DASH ||
    !digitsAt(text, start + 8, 2)
  ) {
    return -1;
  }
  let end = start + 10;
  const sep = codeAt(text, end);
  if (
    (sep === CH.T || sep === CH.SPACE) &&
    digitsAt(text, end + 1, 2) &&
    codeAt(text, end + 3) === CH.COLON &&
    digitsAt(text, end + 4, 2)
  ) {
    end += 6;
    if (codeAt(text, end) === CH.COLON && digitsAt(text, end + 1, 2)) {
      end += 3;
      if (
        (codeAt(text, end) === CH.DOT || codeAt(text, end) === CH.COMMA) &&
        isDigit(codeAt(text, end + 1))
      ) {
        end++;
        while (isDigit(codeAt(text, end))) end++;
      }
    }
    const zone = codeAt(text, end);
    if (zone === CH.Z) {
      end++;
    } else if (
      (zone === CH.PLUS || zone === CH.DASH) &&
      digitsAt(text, end + 1, 2)
    ) {
      end += 3;
      if (codeAt(text, end) === CH.COLON && digitsAt(text, end + 1, 2))
        end += 3;
      else if (digitsAt(text, end, 2)) end += 2;
    }
  }
  return WORD[codeAt(text, end)] === 1 ? -1 : end;
}

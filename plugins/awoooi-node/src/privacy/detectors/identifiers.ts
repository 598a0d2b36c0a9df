import { B64URL, CH, HEX, WORD, codeAt, runEnd } from '../chars';

// Group lengths of a UUID: 8-4-4-4-12.
const UUID_GROUPS = [8, 4, 4, 4, 12];
const UUID_LENGTH = 36;

/** End of a UUID starting at `start`, or -1. */
export function matchUuid(text: string, start: number): number {
  // Cheapest test first: the dashes sit at fixed offsets.
  if (
    codeAt(text, start + 8) !== CH.DASH ||
    codeAt(text, start + 13) !== CH.DASH ||
    codeAt(text, start + 18) !== CH.DASH ||
    codeAt(text, start + 23) !== CH.DASH
  ) {
    return -1;
  }
  let i = start;
  for (let g = 0; g < UUID_GROUPS.length; g++) {
    if (g > 0) i++; // the dash
    for (let k = 0; k < UUID_GROUPS[g]; k++, i++) {
      if (HEX[text.charCodeAt(i)] !== 1) return -1;
    }
  }
  const next = codeAt(text, start + UUID_LENGTH);
  return WORD[next] === 1 ? -1 : start + UUID_LENGTH;
}

// A JWT header is base64url JSON, so it starts with `eyJ` (`{"`); real
// headers are at least `{"alg":"…"}`, i.e. well over ten characters.
const MIN_HEADER = 10;
const MIN_PAYLOAD = 10;
/** Far beyond any real token; bounds the work on hostile input. */
export const MAX_JWT_SEGMENT = 16384;

/** End of a JWT (`header.payload.signature`) starting at `start`, or -1. */
export function matchJwt(text: string, start: number): number {
  if (!text.startsWith('eyJ', start)) return -1;
  const headerEnd = runEnd(text, start, B64URL, MAX_JWT_SEGMENT);
  if (headerEnd - start < MIN_HEADER || codeAt(text, headerEnd) !== CH.DOT) {
    return -1;
  }
  const payloadEnd = runEnd(text, headerEnd + 1, B64URL, MAX_JWT_SEGMENT);
  if (
    payloadEnd - headerEnd - 1 < MIN_PAYLOAD ||
    codeAt(text, payloadEnd) !== CH.DOT
  ) {
    return -1;
  }
  // The signature is empty for unsigned (`alg: none`) tokens.
  const end = runEnd(text, payloadEnd + 1, B64URL, MAX_JWT_SEGMENT);
  if (codeAt(text, end) === CH.DOT && B64URL[codeAt(text, end + 1)] === 1) {
    return -1; // a fourth segment: a JWE or something else
  }
  return end;
}

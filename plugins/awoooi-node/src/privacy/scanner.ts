import { CH, HEX, WORD, charTable, codeAt, isDigit } from './chars';
import { matchCard } from './detectors/cards';
import { matchEmail } from './detectors/email';
import { matchJwt, matchUuid } from './detectors/identifiers';
import { isVersionContext, matchIpv4 } from './detectors/ipv4';
import { matchIpv6 } from './detectors/ipv6';
import {
  matchInternationalPhone,
  matchNorthAmericanPhone,
} from './detectors/phones';
import { PROVIDER_KEY_FIRST, matchProviderKey } from './detectors/providerKeys';
import { matchBearer, matchSecretAssignment } from './detectors/secrets';
import { Span } from './detectors/span';
import { isoTimestampEnd } from './detectors/timestamps';
import { matchCredentialUrl } from './detectors/url';

/** Punctuation at which some detector may fire. */
const PUNCT_TRIGGER = charTable('@:=+(');

// What a word's first character may open. Zero for most letters, so the
// scanner skips those words after one lookup.
const NUMBER = 1;
const UUID = 2;
const JWT = 4;
const BEARER = 8;
const PROVIDER_KEY = 16;
const WORD_START = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  let flags = 0;
  if (isDigit(c)) flags |= NUMBER;
  if (HEX[c] === 1) flags |= UUID;
  if (c === 101 /* e */) flags |= JWT;
  if (c === 66 /* B */ || c === 98 /* b */) flags |= BEARER;
  if (PROVIDER_KEY_FIRST[c] === 1) flags |= PROVIDER_KEY;
  WORD_START[c] = flags;
}

/**
 * Detectors that fire where a word starts (`start` follows a non-word
 * character): numbers, UUIDs, JWTs, provider tokens and `Bearer` tokens.
 */
function atWordStart(
  text: string,
  start: number,
  flags: number,
): Span | undefined {
  if (flags & NUMBER) {
    const numeric = atNumber(text, start);
    if (numeric) return numeric;
  }
  if (flags & UUID && codeAt(text, start + 8) === CH.DASH) {
    const end = matchUuid(text, start);
    if (end > 0) return { type: 'UUID', start, end };
  }
  if (flags & JWT) {
    const end = matchJwt(text, start);
    if (end > 0) return { type: 'JWT', start, end };
  }
  if (flags & BEARER) return matchBearer(text, start);
  if (flags & PROVIDER_KEY) {
    const end = matchProviderKey(text, start);
    if (end > 0) return { type: 'KEY', start, end };
  }
  return undefined;
}

/** IPv4 addresses, card numbers and North American phone numbers. */
function atNumber(text: string, start: number): Span | undefined {
  // The tail of a decimal (`0.9534`) or of a dotted version is no start.
  if (codeAt(text, start - 1) === CH.DOT) return undefined;
  let digitEnd = start + 1;
  while (isDigit(codeAt(text, digitEnd))) digitEnd++;
  const runLength = digitEnd - start;
  const next = codeAt(text, digitEnd);
  if (WORD[next] === 1) return undefined; // `7f9c6d5b8`, `5m30s`, `3xx`
  if (next === CH.DOT && runLength <= 3) {
    const end = matchIpv4(text, start);
    if (end > 0) {
      return isVersionContext(text, start) ? undefined : { type: 'IP', start, end };
    }
  }
  if (runLength >= 13 || runLength === 4) {
    const end = matchCard(text, start, digitEnd);
    if (end > 0) return { type: 'CARD', start, end };
  }
  if (runLength === 3 || runLength === 1) {
    const end = matchNorthAmericanPhone(text, start);
    if (end > 0) return { type: 'PHONE', start, end };
  }
  return undefined;
}

/** Detectors that fire at `@`, `:`, `=`, `+` and `(`. */
function atPunctuation(
  text: string,
  i: number,
  c: number,
  floor: number,
): Span | undefined {
  switch (c) {
    case CH.AT:
      return matchEmail(text, i, floor);
    case CH.COLON:
      if (codeAt(text, i + 1) === CH.SLASH && codeAt(text, i + 2) === CH.SLASH) {
        return matchCredentialUrl(text, i, floor);
      }
      return matchSecretAssignment(text, i, floor) ?? matchIpv6(text, i, floor);
    case CH.EQ:
      return matchSecretAssignment(text, i, floor);
    case CH.PLUS: {
      if (WORD[codeAt(text, i - 1)] === 1) return undefined; // `+01:00`
      const end = matchInternationalPhone(text, i);
      return end > 0 ? { type: 'PHONE', start: i, end } : undefined;
    }
    case CH.LPAREN: {
      if (WORD[codeAt(text, i - 1)] === 1) return undefined;
      const end = matchNorthAmericanPhone(text, i);
      return end > 0 ? { type: 'PHONE', start: i, end } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * One left-to-right pass over `text`. Words are skipped whole after a look
 * at their first character, and only a handful of punctuation marks wake a
 * detector, so most characters cost one table lookup.
 *
 * Spans never overlap: a detector never reaches left of the end of the
 * previous span (`floor`), and the first detector to claim a position takes
 * the longest reading there (a URL with credentials before the e-mail-like
 * `user@host` inside it, a JWT before a generic token).
 */
export function scan(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  let floor = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let span: Span | undefined;
    if (WORD[c] === 1) {
      const flags = WORD_START[c];
      if (flags & NUMBER && codeAt(text, i + 4) === CH.DASH) {
        const end = isoTimestampEnd(text, i);
        if (end > 0) {
          i = end;
          continue;
        }
      }
      if (flags !== 0) span = atWordStart(text, i, flags);
      if (!span) {
        i++;
        while (i < n && WORD[text.charCodeAt(i)] === 1) i++;
        continue;
      }
    } else if (PUNCT_TRIGGER[c] === 1) {
      span = atPunctuation(text, i, c, floor);
    }
    if (span) {
      spans.push(span);
      floor = span.end;
      i = span.end;
    } else {
      i++;
    }
  }
  return spans;
}

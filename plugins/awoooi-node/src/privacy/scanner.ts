import { B64URL, CH, HEX, WORD, codeAt, isDigit, runEnd } from './chars';
import { matchCard } from './detectors/cards';
import { matchEmail } from './detectors/email';
import { MAX_JWT_SEGMENT, matchJwt, matchUuid } from './detectors/identifiers';
import {
  isNonIdentifyingIpv4,
  isVersionContext,
  matchIpv4,
} from './detectors/ipv4';
import { matchIpv6 } from './detectors/ipv6';
import {
  matchInternationalPhone,
  matchNorthAmericanPhone,
} from './detectors/phones';
import {
  PROVIDER_KEY_FIRST,
  matchProviderKey,
  startsProviderKey,
} from './detectors/providerKeys';
import { matchBearer, matchSecretAssignment } from './detectors/secrets';
import { Span } from './detectors/span';
import { isoTimestampEnd } from './detectors/timestamps';
import { matchCredentialUrl } from './detectors/url';

// Character kinds for the main loop: one lookup per character.
const OTHER = 0;
const WORD_CHAR = 1;
const TRIGGER = 2; // punctuation at which some detector may fire
const KIND = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) if (WORD[c] === 1) KIND[c] = WORD_CHAR;
for (const c of '@:=+(%') KIND[c.charCodeAt(0)] = TRIGGER;

// What a word may open, by its first two characters (both ASCII, the second
// 0 at the end of the text): zero for most words, which the scanner then
// skips after one lookup.
const NUMBER = 1;
const UUID = 2;
const JWT = 4;
const BEARER = 8;
const PROVIDER_KEY = 16;
const WORD_START = new Uint8Array(128 * 128);
const code = (ch: string) => ch.charCodeAt(0);
for (let c1 = 0; c1 < 128; c1++) {
  for (let c2 = 0; c2 < 128; c2++) {
    let flags = 0;
    if (isDigit(c1)) flags |= NUMBER;
    if (HEX[c1] === 1 && HEX[c2] === 1) flags |= UUID;
    if (c1 === code('e') && c2 === code('y')) flags |= JWT;
    if ((c1 === code('B') || c1 === code('b')) && c2 === code('e')) {
      flags |= BEARER;
    }
    if (PROVIDER_KEY_FIRST[c1] === 1 && startsProviderKey(c1, c2)) {
      flags |= PROVIDER_KEY;
    }
    WORD_START[c1 * 128 + c2] = flags;
  }
}

const PERCENT_40 = '%40';

interface ScanState {
  /** End of the previous span: no detector looks left of it. */
  floor: number;
  /**
   * End of the base64url run of the last `eyJ` that was not a JWT. Any
   * `eyJ` inside that run ends its segments at the same places and fails the
   * same way, so it is not tried again (which keeps `eyJ-eyJ-…` linear).
   */
  jwtCheckedTo: number;
}

/**
 * Detectors that fire where a word starts (`start` follows a non-word
 * character): numbers, UUIDs, JWTs, provider tokens and `Bearer` tokens.
 */
function atWordStart(
  text: string,
  start: number,
  flags: number,
  state: ScanState,
): Span | undefined {
  if (flags & NUMBER) {
    const numeric = atNumber(text, start);
    if (numeric) return numeric;
  }
  if (flags & UUID && codeAt(text, start + 8) === CH.DASH) {
    const end = matchUuid(text, start);
    if (end > 0) return { type: 'UUID', start, end };
  }
  if (flags & JWT && start >= state.jwtCheckedTo) {
    const end = matchJwt(text, start);
    if (end > 0) return { type: 'JWT', start, end };
    state.jwtCheckedTo = runEnd(text, start, B64URL, MAX_JWT_SEGMENT);
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
      const kept =
        isNonIdentifyingIpv4(text, start, end) || isVersionContext(text, start);
      return kept ? undefined : { type: 'IP', start, end };
    }
  }
  if (runLength >= 13 || runLength === 4) {
    const end = matchCard(text, start, digitEnd);
    if (end > 0) return { type: 'CARD', start, end };
  }
  // `415-555-2671`, `415.555.2671` and `1-800-555-0199`.
  const phoneLike =
    (runLength === 3 ||
      (runLength === 1 && text.charCodeAt(start) === CH.ONE)) &&
    (next === CH.DASH || next === CH.DOT);
  if (phoneLike) {
    const end = matchNorthAmericanPhone(text, start);
    if (end > 0) return { type: 'PHONE', start, end };
  }
  return undefined;
}

/** Detectors that fire at `@`, `:`, `=`, `+`, `(` and `%`. */
function atPunctuation(
  text: string,
  i: number,
  c: number,
  floor: number,
): Span | undefined {
  switch (c) {
    case CH.AT:
      return matchEmail(text, i, i + 1, floor);
    case CH.PERCENT:
      // `%40`: an `@` in a URL-encoded query string.
      if (!text.startsWith(PERCENT_40, i)) return undefined;
      return matchEmail(text, i, i + PERCENT_40.length, floor);
    case CH.COLON:
      if (
        codeAt(text, i + 1) === CH.SLASH &&
        codeAt(text, i + 2) === CH.SLASH
      ) {
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

/** End of the word that continues at `from`, two characters per step. */
function wordEnd(text: string, from: number, n: number): number {
  let i = from;
  while (i + 1 < n) {
    if (WORD[text.charCodeAt(i)] !== 1) return i;
    if (WORD[text.charCodeAt(i + 1)] !== 1) return i + 1;
    i += 2;
  }
  return i < n && WORD[text.charCodeAt(i)] === 1 ? i + 1 : i;
}

/**
 * One left-to-right pass over `text`. Words are skipped whole after a look
 * at their first two characters, and only a handful of punctuation marks
 * wake a detector, so most characters cost one table lookup.
 *
 * Spans never overlap: no detector reaches left of the end of the previous
 * span (`ScanState.floor`), and the first detector to claim a position takes
 * the longest reading there (a URL with credentials before the e-mail-like
 * `user@host` inside it, a JWT before a generic token).
 */
export function scan(text: string): Span[] {
  const spans: Span[] = [];
  const n = text.length;
  const state: ScanState = { floor: 0, jwtCheckedTo: 0 };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = KIND[c];
    if (kind === OTHER) {
      i++;
      continue;
    }
    let span: Span | undefined;
    if (kind === WORD_CHAR) {
      const c2 = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      const flags = c < 128 && c2 < 128 ? WORD_START[c * 128 + c2] : 0;
      if (flags & NUMBER && codeAt(text, i + 4) === CH.DASH) {
        const end = isoTimestampEnd(text, i);
        if (end > 0) {
          i = end;
          continue;
        }
      }
      if (flags !== 0) span = atWordStart(text, i, flags, state);
      if (!span) {
        i = wordEnd(text, i + 1, n);
        continue;
      }
    } else {
      span = atPunctuation(text, i, c, state.floor);
    }
    if (span) {
      spans.push(span);
      state.floor = span.end;
      i = span.end;
    } else {
      i++;
    }
  }
  return spans;
}

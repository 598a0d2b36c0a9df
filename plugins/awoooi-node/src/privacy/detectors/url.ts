import { CH, WORD, codeAt, isAsciiLetter, isDigit } from '../chars';
import { Span } from './span';

function isSchemeChar(c: number): boolean {
  return (
    isAsciiLetter(c) ||
    isDigit(c) ||
    c === CH.PLUS ||
    c === CH.DASH ||
    c === CH.DOT
  );
}

/** Characters that end a URL written in running text, JSON or markup. */
function endsUrl(c: number): boolean {
  return (
    c <= CH.SPACE ||
    c === CH.QUOTE ||
    c === CH.APOS ||
    c === CH.LT ||
    c === CH.GT ||
    c === CH.BACKTICK
  );
}

/** Characters that end the authority part (`user:pass@host:port`). */
function endsAuthority(c: number): boolean {
  return endsUrl(c) || c === CH.SLASH || c === CH.QUESTION || c === CH.HASH;
}

/** Punctuation that closes a sentence around a URL rather than the URL. */
function isTrailingPunctuation(c: number): boolean {
  return (
    c === CH.DOT ||
    c === CH.COMMA ||
    c === CH.SEMI ||
    c === CH.COLON ||
    c === CH.BANG ||
    c === CH.QUESTION ||
    c === CH.RPAREN ||
    c === CH.RBRACKET ||
    c === CH.RBRACE
  );
}

/**
 * A URL with user information (`scheme://user:password@host/…` or
 * `scheme://user@host`) whose `://` starts at `colon`. The whole URL is one
 * span, so the e-mail-looking `user@host` inside it never becomes its own.
 */
export function matchCredentialUrl(
  text: string,
  colon: number,
  floor: number,
): Span | undefined {
  let start = colon;
  while (
    start > floor &&
    colon - start < 32 &&
    isSchemeChar(text.charCodeAt(start - 1))
  ) {
    start--;
  }
  // The scheme starts with a letter at a word boundary.
  while (start < colon && !isAsciiLetter(text.charCodeAt(start))) start++;
  if (start === colon || WORD[codeAt(text, start - 1)] === 1) return undefined;

  const authorityStart = colon + 3;
  let at = -1;
  let i = authorityStart;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (endsAuthority(c)) break;
    if (c === CH.AT) at = i;
    i++;
  }
  // User information must be non-empty and followed by a host.
  if (at <= authorityStart || at + 1 >= i) return undefined;

  let end = i;
  while (end < text.length && !endsUrl(text.charCodeAt(end))) end++;
  while (end > at + 1 && isTrailingPunctuation(text.charCodeAt(end - 1))) {
    end--;
  }
  return { type: 'URL', start, end };
}

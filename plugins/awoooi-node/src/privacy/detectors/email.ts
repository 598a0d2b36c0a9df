import {
  ALNUM_CHARS,
  CH,
  EMAIL_LOCAL,
  WORD,
  codeAt,
  isAsciiLetter,
} from '../chars';
import { Span } from './span';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/**
 * An e-mail address around the `@` at `at`, not reaching left of `floor`.
 * `domainStart` is `at + 1`, or `at + 3` for the URL-encoded `%40` of query
 * strings (`?email=jane%40example.com`). The domain needs at least two labels
 * and an alphabetic top-level label, so `nginx@sha256:…`, `postgres@db-0`
 * and `lib@1.2.3` are not addresses.
 */
export function matchEmail(
  text: string,
  at: number,
  domainStart: number,
  floor: number,
): Span | undefined {
  let start = at;
  while (
    start > floor &&
    at - start < MAX_LOCAL &&
    EMAIL_LOCAL[text.charCodeAt(start - 1)] === 1
  ) {
    start--;
  }
  while (start < at && text.charCodeAt(start) === CH.DOT) start++;
  if (start === at || text.charCodeAt(at - 1) === CH.DOT) return undefined;

  // Domain: labels of letters, digits and inner hyphens, joined by dots.
  let i = domainStart;
  let labels = 0;
  let domainEnd = -1;
  let lastLabelStart = -1;
  let lastLabelAlpha = false;
  for (;;) {
    const labelStart = i;
    let alpha = true;
    while (i < text.length && i - domainStart < MAX_DOMAIN) {
      const c = text.charCodeAt(i);
      if (ALNUM_CHARS[c] === 1) {
        if (!isAsciiLetter(c)) alpha = false;
      } else if (c !== CH.DASH) {
        break;
      }
      i++;
    }
    const hyphenEdged =
      text.charCodeAt(labelStart) === CH.DASH ||
      text.charCodeAt(i - 1) === CH.DASH;
    if (i === labelStart || hyphenEdged) break;
    labels++;
    domainEnd = i;
    lastLabelStart = labelStart;
    lastLabelAlpha = alpha;
    if (codeAt(text, i) !== CH.DOT || ALNUM_CHARS[codeAt(text, i + 1)] !== 1) {
      break;
    }
    i++;
  }
  if (labels < 2 || !lastLabelAlpha || domainEnd - lastLabelStart < 2) {
    return undefined;
  }
  const next = codeAt(text, domainEnd);
  if (WORD[next] === 1 || next === CH.AT || next === CH.DASH) return undefined;
  return { type: 'EMAIL', start, end: domainEnd };
}

import {
  ALNUM_CHARS,
  B64URL,
  CH,
  WORD,
  charTable,
  codeAt,
  isAsciiLetter,
  isDigit,
  runEnd,
} from '../chars';

const UPPER_DIGITS = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const ALNUM_UNDERSCORE = WORD;

interface PrefixRule {
  prefix: string;
  /** Allowed characters after the prefix. */
  body: Uint8Array;
  min: number;
  max: number;
  /** A second dot-separated part, as in SendGrid's `SG.<id>.<secret>`. */
  dotted?: boolean;
}

/**
 * Token formats of well-known providers. A rule matches only when the body
 * has its length and at least one letter and one digit, so names such as
 * `sk-learn` or `ghp_readme` stay readable.
 */
const RULES: PrefixRule[] = [
  { prefix: 'sk-', body: B64URL, min: 20, max: 200 }, // OpenAI, Anthropic
  { prefix: 'sk_live_', body: ALNUM_CHARS, min: 16, max: 128 }, // Stripe
  { prefix: 'sk_test_', body: ALNUM_CHARS, min: 16, max: 128 },
  { prefix: 'rk_live_', body: ALNUM_CHARS, min: 16, max: 128 },
  { prefix: 'rk_test_', body: ALNUM_CHARS, min: 16, max: 128 },
  { prefix: 'pk_live_', body: ALNUM_CHARS, min: 16, max: 128 },
  { prefix: 'pk_test_', body: ALNUM_CHARS, min: 16, max: 128 },
  { prefix: 'ghp_', body: ALNUM_CHARS, min: 30, max: 64 }, // GitHub
  { prefix: 'gho_', body: ALNUM_CHARS, min: 30, max: 64 },
  { prefix: 'ghu_', body: ALNUM_CHARS, min: 30, max: 64 },
  { prefix: 'ghs_', body: ALNUM_CHARS, min: 30, max: 64 },
  { prefix: 'ghr_', body: ALNUM_CHARS, min: 30, max: 64 },
  { prefix: 'github_pat_', body: ALNUM_UNDERSCORE, min: 30, max: 128 },
  { prefix: 'glpat-', body: B64URL, min: 20, max: 64 }, // GitLab
  { prefix: 'xoxb-', body: B64URL, min: 10, max: 128 }, // Slack
  { prefix: 'xoxp-', body: B64URL, min: 10, max: 128 },
  { prefix: 'xoxa-', body: B64URL, min: 10, max: 128 },
  { prefix: 'xoxr-', body: B64URL, min: 10, max: 128 },
  { prefix: 'xoxs-', body: B64URL, min: 10, max: 128 },
  { prefix: 'xapp-', body: B64URL, min: 10, max: 128 },
  { prefix: 'AKIA', body: UPPER_DIGITS, min: 16, max: 16 }, // AWS access key ids
  { prefix: 'ASIA', body: UPPER_DIGITS, min: 16, max: 16 },
  { prefix: 'AIza', body: B64URL, min: 35, max: 35 }, // Google API keys
  { prefix: 'SG.', body: B64URL, min: 16, max: 64, dotted: true }, // SendGrid
  { prefix: 'npm_', body: ALNUM_CHARS, min: 36, max: 36 },
  { prefix: 'hf_', body: ALNUM_CHARS, min: 30, max: 64 }, // Hugging Face
];

const RULES_BY_FIRST = new Map<number, PrefixRule[]>();
for (const rule of RULES) {
  const first = rule.prefix.charCodeAt(0);
  RULES_BY_FIRST.set(first, [...(RULES_BY_FIRST.get(first) ?? []), rule]);
}

/** Letters that can open a provider token; a fast pre-check for the scanner. */
export const PROVIDER_KEY_FIRST = charTable(
  RULES.map(r => r.prefix[0]).join(''),
);

// The first two characters of every prefix (all ASCII), as `c1 * 128 + c2`.
const FIRST_TWO = new Uint8Array(128 * 128);
for (const rule of RULES) {
  FIRST_TWO[rule.prefix.charCodeAt(0) * 128 + rule.prefix.charCodeAt(1)] = 1;
}

function hasLetterAndDigit(text: string, from: number, to: number): boolean {
  let letter = false;
  let digit = false;
  for (let i = from; i < to && !(letter && digit); i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digit = true;
    else if (isAsciiLetter(c)) letter = true;
  }
  return letter && digit;
}

/** Whether some provider prefix starts with these two ASCII characters. */
export function startsProviderKey(c1: number, c2: number): boolean {
  return c1 < 128 && c2 < 128 && FIRST_TWO[c1 * 128 + c2] === 1;
}

/** End of a provider token starting at `start`, or -1. */
export function matchProviderKey(text: string, start: number): number {
  if (!startsProviderKey(text.charCodeAt(start), codeAt(text, start + 1))) {
    return -1;
  }
  const rules = RULES_BY_FIRST.get(text.charCodeAt(start));
  if (!rules) return -1;
  for (const rule of rules) {
    if (!text.startsWith(rule.prefix, start)) continue;
    const bodyStart = start + rule.prefix.length;
    let end = runEnd(text, bodyStart, rule.body, rule.max + 1);
    const length = end - bodyStart;
    if (length < rule.min || length > rule.max) continue;
    if (rule.dotted) {
      if (codeAt(text, end) !== CH.DOT) continue;
      const secretStart = end + 1;
      end = runEnd(text, secretStart, rule.body, rule.max + 1);
      const secretLength = end - secretStart;
      if (secretLength < rule.min || secretLength > rule.max) continue;
    }
    if (WORD[codeAt(text, end)] === 1 || codeAt(text, end) === CH.DASH) {
      continue;
    }
    if (!hasLetterAndDigit(text, bodyStart, end)) continue;
    return end;
  }
  return -1;
}

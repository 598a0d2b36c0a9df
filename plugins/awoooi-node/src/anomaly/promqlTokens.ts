/**
 * A PromQL lexer just precise enough for batchTemplate: it splits a template
 * into tokens whose texts joined give the template back, so a rewrite only
 * replaces the tokens it changes.
 */
export type TokenKind =
  | 'space'
  | 'string'
  | 'number'
  | 'ident'
  | 'placeholder'
  | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
}

const TOKEN_PATTERNS: Array<[TokenKind, RegExp]> = [
  ['space', /\s+|#[^\n]*/y],
  ['string', /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/y],
  ['placeholder', /\$selector/y],
  ['ident', /[a-zA-Z_:][a-zA-Z0-9_:]*/y],
  [
    'number',
    /(?:0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?)(?:[a-zA-Z]+\d*)*/y,
  ],
  ['punct', /=~|!~|==|!=|<=|>=|[-+*/%^=<>(){}[\],@:]/y],
];

export function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    let token: Token | undefined;
    for (const [kind, pattern] of TOKEN_PATTERNS) {
      pattern.lastIndex = at;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        token = { kind, text: match[0] };
        break;
      }
    }
    if (!token) return undefined;
    tokens.push(token);
    at += token.text.length;
  }
  return tokens;
}

/** Index of the next token that is not whitespace, or tokens.length. */
export function nextIndex(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < tokens.length && tokens[i].kind === 'space') i++;
  return i;
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
export function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '{' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === '}' || t.text === ']') {
      depth--;
      if (depth === 0) return t.text === ')' ? i : -1;
    }
  }
  return -1;
}

/** The label names of a `(a, b)` list at `open`, or undefined when it holds anything else. */
export function labelList(
  tokens: readonly Token[],
  open: number,
  close: number,
): string[] | undefined {
  const names: string[] = [];
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i];
    if (t.kind === 'space' || (t.kind === 'punct' && t.text === ',')) continue;
    if (t.kind !== 'ident') return undefined;
    names.push(t.text);
  }
  return names;
}

/**
 * An entity's selector taken apart: its `=` matchers tell the entity apart
 * from others of the same shape, the other matchers they must share to be
 * queried together.
 */
import { unquote } from './promqlLiterals';

export interface ParsedSelector {
  /** `=` matchers: label → value. */
  equal: Map<string, string>;
  /** Every other matcher, normalised, sorted. */
  other: string[];
}

const MATCHER_PARTS =
  /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*")$/;

/** Splits a normalised selector (`a="x",b=~"y"`) into its matchers. */
export function parseSelector(selector: string): ParsedSelector | undefined {
  const parts: string[] = [];
  const literal =
    /\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*/y;
  let at = 0;
  while (at < selector.length) {
    literal.lastIndex = at;
    const m = literal.exec(selector);
    if (!m) return undefined;
    parts.push(m[0].trim());
    at = literal.lastIndex;
    if (at < selector.length) {
      if (selector[at] !== ',') return undefined;
      at++;
    }
  }
  const equal = new Map<string, string>();
  const other: string[] = [];
  for (const part of parts) {
    const m = MATCHER_PARTS.exec(part);
    if (!m) return undefined;
    const [, label, op, literalText] = m;
    if (op === '=' && label !== '__name__') {
      const value = unquote(literalText);
      if (value === undefined || equal.has(label)) return undefined;
      equal.set(label, value);
    } else {
      other.push(`${label}${op}${literalText}`);
    }
  }
  other.sort();
  return { equal, other };
}

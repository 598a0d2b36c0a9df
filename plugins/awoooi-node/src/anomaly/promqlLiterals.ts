/**
 * PromQL string literals and regex values, read and written: selectors carry
 * label values as literals, and a batched selector matches them in one regex.
 */

/** The value of a PromQL string literal, or undefined for an escape it does not know. */
export function unquote(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (literal[0] === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (e in simple) {
      out += simple[e];
      continue;
    }
    const hex = (len: number) => {
      const digits = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits)) return undefined;
      i += len;
      return parseInt(digits, 16);
    };
    let code: number | undefined;
    if (e === 'x') code = hex(2);
    else if (e === 'u') code = hex(4);
    else if (e === 'U') code = hex(8);
    else if (/[0-7]/.test(e ?? '')) {
      const digits = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      i += 2;
      code = parseInt(digits, 8);
    }
    if (code === undefined || code > 0x10ffff) return undefined;
    out += String.fromCodePoint(code);
  }
  return out;
}

/** A PromQL double-quoted string literal of the value. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** The value matched literally by a (fully anchored, RE2) regex. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

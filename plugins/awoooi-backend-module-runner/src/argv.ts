/** `{name}` in an argv template; config validation reads the same names. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** How a parameter value reads inside an argv element. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Fills an argv template: each `{name}` is replaced inside its own element
 * by the parameter's value (`{target}` by the request's target), so a value
 * can never become a second argument, let alone a shell command. An element
 * whose placeholders are all optional and absent is dropped.
 */
export function fillArgv(
  template: string[],
  values: Record<string, unknown>,
): string[] {
  const out: string[] = [];
  for (const element of template) {
    const names = [...element.matchAll(PLACEHOLDER)].map(m => m[1]);
    if (names.length > 0 && names.every(n => values[n] === undefined)) continue;
    out.push(
      element.replace(PLACEHOLDER, (_, name: string) =>
        values[name] === undefined ? '' : text(values[name]),
      ),
    );
  }
  return out;
}

/** How many `{` positions the scan tries before giving up on a long answer. */
const MAX_SCAN_STARTS = 64;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing the object that opens at `start`, skipping strings. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * The first JSON object in a model's answer. Models wrap JSON in ```json
 * fences or in prose despite being told not to, so this tries, in order: each
 * fenced block, the whole text, then every balanced `{…}` in the text.
 */
export function extractJsonObject(
  text: string,
): Record<string, unknown> | undefined {
  const fences = text.matchAll(/```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/g);
  for (const fence of fences) {
    const parsed = tryParseObject(fence[1].trim());
    if (parsed) return parsed;
  }
  const whole = tryParseObject(text.trim());
  if (whole) return whole;

  let starts = 0;
  for (
    let start = text.indexOf('{');
    start !== -1 && starts < MAX_SCAN_STARTS;
    start = text.indexOf('{', start + 1), starts++
  ) {
    const end = matchingBrace(text, start);
    if (end === -1) continue;
    const parsed = tryParseObject(text.slice(start, end + 1));
    if (parsed) return parsed;
  }
  return undefined;
}

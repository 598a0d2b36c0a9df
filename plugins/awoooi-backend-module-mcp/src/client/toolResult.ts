/** Longest tool output kept in a dry-run check or an execution detail. */
export const MAX_DETAIL_CHARS = 2_000;

export interface ToolOutput {
  isError: boolean;
  /** Text content joined by newlines; other content named in brackets. */
  text: string;
}

function describeBlock(block: unknown): string {
  if (typeof block !== 'object' || block === null) return '';
  const b = block as Record<string, any>;
  switch (b.type) {
    case 'text':
      return String(b.text ?? '');
    case 'image':
    case 'audio':
      return b.mimeType ? `[${b.type} ${b.mimeType}]` : `[${b.type}]`;
    case 'resource':
      return typeof b.resource?.text === 'string'
        ? b.resource.text
        : `[resource ${b.resource?.uri ?? ''}]`;
    case 'resource_link':
      return `[resource ${b.uri ?? ''}]`;
    default:
      return '';
  }
}

/**
 * What a `tools/call` answered, as text: the text blocks joined; structured
 * content as JSON when there is no text; the legacy `toolResult` form too.
 */
export function readToolOutput(result: unknown): ToolOutput {
  const r = (result ?? {}) as Record<string, unknown>;
  const isError = r.isError === true;
  if (Array.isArray(r.content)) {
    const text = r.content
      .map(describeBlock)
      .filter(t => t.length > 0)
      .join('\n');
    if (text || r.structuredContent === undefined) return { isError, text };
  }
  if (r.structuredContent !== undefined) {
    return { isError, text: JSON.stringify(r.structuredContent) };
  }
  if ('toolResult' in r) {
    return { isError, text: JSON.stringify(r.toolResult) };
  }
  return { isError, text: '' };
}

/** Cuts text to `max` characters and says how much was left out. */
export function truncate(text: string, max = MAX_DETAIL_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

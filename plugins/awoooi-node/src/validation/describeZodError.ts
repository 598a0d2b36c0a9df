import type { z } from 'zod';

/**
 * A validation error as one line for a person: `path: message` per issue
 * (paths as `alerts[0].labels`; `root` names the value itself, and an
 * empty `root` leaves the message alone), the
 * alternatives of a failed union spelled out, repeats dropped, at most
 * `max` issues. Every AWOOOI validation message is worded here.
 */
export function describeZodError(
  error: z.ZodError,
  options: { root?: string; max?: number } = {},
): string {
  const { root = '(root)', max = 10 } = options;
  const issues = error.issues.flatMap(issue =>
    issue.code === 'invalid_union'
      ? issue.unionErrors.flatMap(e => e.issues)
      : [issue],
  );
  const lines = new Set(
    issues.map(i => {
      const where = describePath(i.path) || root;
      return where ? `${where}: ${i.message}` : i.message;
    }),
  );
  return [...lines].slice(0, max).join('; ');
}

/** A request body's validation error as one line. */
export function describeBodyError(error: z.ZodError): string {
  return describeZodError(error, { root: '(body)' });
}

function describePath(path: Array<string | number>): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${part}`,
    )
    .join('');
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * Whether a tool is offered under `include`: every tool when it is absent,
 * else the tools it names exactly or matches with `*` wildcards.
 */
export function isIncluded(
  tool: string,
  include: string[] | undefined,
): boolean {
  if (!include) return true;
  return include.some(pattern =>
    pattern.includes('*') ? globToRegExp(pattern).test(tool) : pattern === tool,
  );
}

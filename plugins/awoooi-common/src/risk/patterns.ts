/**
 * Action patterns: the unit trust is kept for: `restart_pod:nginx-*` earns trust apart from `delete_pvc:*`.
 *
 * A pattern is `action:target`, split at the first `:`. In either part `*`
 * matches any run of characters, none included; every other character matches
 * itself, case-sensitively. A pattern without `:` covers every target of its
 * action. Examples: `restart_pod:pod/shop/nginx-*`, `delete_pvc:*`, `*:*`.
 */

const WILDCARD = '*';

export interface ParsedPattern {
  action: string;
  target: string;
}

export function parsePattern(pattern: string): ParsedPattern {
  const colon = pattern.indexOf(':');
  if (colon < 0) return { action: pattern, target: WILDCARD };
  return { action: pattern.slice(0, colon), target: pattern.slice(colon + 1) };
}

/**
 * Glob match with `*` only, by the two-pointer method: linear in practice and
 * never exponential, unlike a regular expression built from the glob.
 */
export function globMatch(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let starG = -1;
  let starT = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === WILDCARD) {
      starG = g++;
      starT = t;
    } else if (g < glob.length && glob[g] === text[t]) {
      g++;
      t++;
    } else if (starG >= 0) {
      // Let the last `*` swallow one more character and retry from there.
      g = starG + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === WILDCARD) g++;
  return g === glob.length;
}

/** True when the pattern covers this action on this target. */
export function patternMatches(
  pattern: string,
  action: string,
  target: string,
): boolean {
  const parsed = parsePattern(pattern);
  return globMatch(parsed.action, action) && globMatch(parsed.target, target);
}

interface Specificity {
  exact: boolean;
  literalPrefix: number;
  literals: number;
  wildcards: number;
}

function specificityOf(pattern: string): Specificity {
  const { action, target } = parsePattern(pattern);
  // The normalised form, so `delete_pvc` and `delete_pvc:*` rank the same.
  const full = `${action}:${target}`;
  const wildcards = full.split(WILDCARD).length - 1;
  const firstWildcard = full.indexOf(WILDCARD);
  return {
    exact: wildcards === 0,
    literalPrefix: firstWildcard < 0 ? full.length : firstWildcard,
    literals: full.length - wildcards,
    wildcards,
  };
}

/**
 * Orders patterns most specific first. Specificity, decided in this order:
 * 1. an exact pattern (no `*`) beats any glob;
 * 2. a longer literal prefix wins (`restart_pod:pod/shop/nginx-*` over
 *    `restart_pod:*`, and any literal action over a wildcard action);
 * 3. more literal characters win (`restart_pod:*-canary-*` over `restart_pod:*-*`);
 * 4. fewer wildcards win;
 * 5. the pattern text decides ties, so the result never depends on input order.
 */
export function comparePatternSpecificity(a: string, b: string): number {
  const sa = specificityOf(a);
  const sb = specificityOf(b);
  if (sa.exact !== sb.exact) return sa.exact ? -1 : 1;
  if (sa.literalPrefix !== sb.literalPrefix) {
    return sb.literalPrefix - sa.literalPrefix;
  }
  if (sa.literals !== sb.literals) return sb.literals - sa.literals;
  if (sa.wildcards !== sb.wildcards) return sa.wildcards - sb.wildcards;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The most specific of `patterns` that covers the action on the target, if any. */
export function matchPattern(
  patterns: readonly string[],
  action: string,
  target: string,
): string | undefined {
  let best: string | undefined;
  for (const pattern of patterns) {
    if (!patternMatches(pattern, action, target)) continue;
    if (best === undefined || comparePatternSpecificity(pattern, best) < 0) {
      best = pattern;
    }
  }
  return best;
}

// Kubernetes writes generated name parts with this alphabet (no vowels, no
// 0/1/3), so they never spell a word: a ReplicaSet adds a pod-template hash,
// then its pods a 5-character suffix: `order-api-7d9f8b6c5d-x7k2p`.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD_SUFFIX = new RegExp(`-${SAFE}{6,10}-${SAFE}{5}$`);

/**
 * Replaces a Deployment pod's generated suffix by `*`, so that all pods of one
 * Deployment share one pattern. Only the last `/` segment is looked at, and
 * only when the suffix has the exact generated shape and contains a digit (a
 * word-like suffix such as `-backend-proxy` is never touched); otherwise the
 * name is returned unchanged.
 */
export function collapseGeneratedName(target: string): string {
  const slash = target.lastIndexOf('/');
  const head = target.slice(0, slash + 1);
  const name = target.slice(slash + 1);
  const match = DEPLOYMENT_POD_SUFFIX.exec(name);
  if (!match || !/\d/.test(match[0]) || match.index === 0) return target;
  return `${head}${name.slice(0, match.index)}-${WILDCARD}`;
}

/**
 * The pattern a new proposal records when no configured pattern covers it:
 * `action:target`, with a Deployment pod's generated suffix collapsed to `*`
 * (`restart_pod:pod/shop/order-api-7d9f8b6c5d-x7k2p` →
 * `restart_pod:pod/shop/order-api-*`). Every other target is kept as it is,
 * so the pattern always covers the action it was derived from.
 */
export function patternFor(action: string, target: string): string {
  return `${action}:${collapseGeneratedName(target)}`;
}

/** The configured pattern covering the action, or the derived one. */
export function resolvePattern(
  patterns: readonly string[],
  action: string,
  target: string,
): string {
  return matchPattern(patterns, action, target) ?? patternFor(action, target);
}

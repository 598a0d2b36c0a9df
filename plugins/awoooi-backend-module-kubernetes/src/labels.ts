import type { V1LabelSelector } from '@kubernetes/client-node';

/** Label that ties a workload to its catalog entity (Backstage convention). */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** True when `labels` satisfy a selector object; an empty selector selects all. */
export function matchesSelector(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (actual[key] !== value) return false;
  }
  return (selector?.matchExpressions ?? []).every(expr => {
    const has = expr.key in actual;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        return has && values.includes(actual[expr.key]);
      case 'NotIn':
        return !has || !values.includes(actual[expr.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** `a=b,c=d` of the equality part of a selector, to narrow a list call. */
export function equalitySelector(
  selector: V1LabelSelector | undefined,
): string {
  return Object.entries(selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Kinds a target can name. */
export type TargetKind = 'pod' | 'deployment' | 'pvc' | 'node';

/**
 * A parsed target. Syntax: `[<cluster>:]<kind>/<namespace>/<name>` for
 * `pod`, `deployment` and `pvc`, and `[<cluster>:]node/<name>`; without a
 * cluster prefix the first configured cluster is meant.
 * Examples: `deployment/shop/order-api`, `prod-eu:pod/shop/order-api-7d9c-x2k4q`,
 * `pvc/data/old-reports-data`, `node/worker-1`.
 */
export interface KubernetesTarget {
  cluster?: string;
  kind: TargetKind;
  /** Absent for nodes. */
  namespace?: string;
  name: string;
}

const NAMESPACED_KINDS: TargetKind[] = ['pod', 'deployment', 'pvc'];
const CLUSTER = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
/** DNS-1123 label: namespaces. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1123 subdomain: object names. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export class TargetSyntaxError extends Error {
  constructor(target: string, why: string) {
    super(`invalid target '${target}': ${why}`);
    this.name = 'TargetSyntaxError';
  }
}

/** Parses a target string; throws `TargetSyntaxError` with the reason. */
export function parseTarget(target: string): KubernetesTarget {
  let rest = target.trim();
  let cluster: string | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    cluster = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    if (!CLUSTER.test(cluster)) {
      throw new TargetSyntaxError(target, `'${cluster}' is not a cluster name`);
    }
  }
  const parts = rest.split('/');
  const kind = parts[0] as TargetKind;
  if (NAMESPACED_KINDS.includes(kind)) {
    if (parts.length !== 3) {
      throw new TargetSyntaxError(
        target,
        `expected ${kind}/<namespace>/<name>`,
      );
    }
    const [, namespace, name] = parts;
    if (!NAMESPACE.test(namespace)) {
      throw new TargetSyntaxError(
        target,
        `'${namespace}' is not a namespace name`,
      );
    }
    if (!NAME.test(name)) {
      throw new TargetSyntaxError(
        target,
        `'${name}' is not a Kubernetes object name`,
      );
    }
    return { ...(cluster ? { cluster } : {}), kind, namespace, name };
  }
  if (kind === 'node') {
    if (parts.length !== 2 || !NAME.test(parts[1])) {
      throw new TargetSyntaxError(target, 'expected node/<name>');
    }
    return { ...(cluster ? { cluster } : {}), kind, name: parts[1] };
  }
  throw new TargetSyntaxError(
    target,
    `unknown kind '${parts[0]}' (pod, deployment, pvc or node)`,
  );
}

/** The canonical string of a target. */
export function formatTarget(target: KubernetesTarget): string {
  const prefix = target.cluster ? `${target.cluster}:` : '';
  return target.namespace
    ? `${prefix}${target.kind}/${target.namespace}/${target.name}`
    : `${prefix}${target.kind}/${target.name}`;
}

/** True for a valid object name (used for `backstage.io/kubernetes-id`). */
export function isKubernetesName(value: string): boolean {
  return NAME.test(value);
}

export function isNamespaceName(value: string): boolean {
  return NAMESPACE.test(value);
}

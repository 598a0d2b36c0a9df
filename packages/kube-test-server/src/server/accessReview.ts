import { AccessRequest, evaluateAccess, RbacRule } from '../rbac';
import { badRequest } from '../store/errors';
import type { Reply } from './resourceHandlers';

interface ReviewSpec {
  resourceAttributes?: Partial<AccessRequest>;
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** Non-resource paths every authenticated user may read (system:discovery). */
const DISCOVERY_PATHS = [
  '/version',
  '/api',
  '/apis',
  '/healthz',
  '/livez',
  '/readyz',
];

/** `POST …/selfsubjectaccessreviews`: can the caller do this? */
export function handleSelfSubjectAccessReview(
  body: unknown,
  user: string,
  rules: readonly RbacRule[],
): Reply {
  const spec = (body as { spec?: ReviewSpec } | undefined)?.spec;
  if (!spec || (!spec.resourceAttributes && !spec.nonResourceAttributes)) {
    throw badRequest(
      'SelfSubjectAccessReview.authorization.k8s.io is invalid: spec: one of resourceAttributes or nonResourceAttributes must be set',
    );
  }
  let status: { allowed: boolean; reason: string };
  if (spec.resourceAttributes) {
    const attrs = spec.resourceAttributes;
    status = evaluateAccess(
      rules,
      {
        verb: attrs.verb ?? '',
        group: attrs.group ?? '',
        resource: attrs.resource ?? '',
        subresource: attrs.subresource || undefined,
        namespace: attrs.namespace || undefined,
        name: attrs.name || undefined,
      },
      user,
    );
  } else {
    const { path = '', verb = '' } = spec.nonResourceAttributes!;
    const allowed =
      verb === 'get' && DISCOVERY_PATHS.some(p => path.startsWith(p));
    status = {
      allowed,
      reason: allowed
        ? 'RBAC: allowed by ClusterRoleBinding "system:discovery"'
        : `RBAC: no rule of user "${user}" allows "${verb}" on non-resource URL "${path}"`,
    };
  }
  return {
    code: 201,
    body: {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status,
    },
  };
}

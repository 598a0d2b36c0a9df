/**
 * One grant, a flattened Role/ClusterRole rule plus where it is bound.
 * Omitted lists mean "any"; `'*'` in a list matches everything.
 */
export interface RbacRule {
  verbs: string[];
  /** Plural resources, with `/subresource` where needed (`deployments/scale`). */
  resources: string[];
  apiGroups?: string[];
  /** Namespaces the grant is bound in; omitted = cluster-wide (ClusterRoleBinding). */
  namespaces?: string[];
  resourceNames?: string[];
}

/** The attributes of a request or of a SelfSubjectAccessReview. */
export interface AccessRequest {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reason: string;
}

/** Everything allowed: the default identity of a server started without rules. */
export const ALLOW_ALL: readonly RbacRule[] = [
  { verbs: ['*'], resources: ['*'] },
];

const matches = (list: string[] | undefined, value: string) =>
  list === undefined || list.includes('*') || list.includes(value);

function describe(request: AccessRequest): string {
  const resource = request.subresource
    ? `${request.resource}/${request.subresource}`
    : request.resource;
  const group = request.group ? ` in API group "${request.group}"` : '';
  const where = request.namespace
    ? ` in the namespace "${request.namespace}"`
    : ' at the cluster scope';
  return `"${request.verb}" on "${resource}"${group}${where}`;
}

/** Deny-by-default evaluation of `rules` for one request. */
export function evaluateAccess(
  rules: readonly RbacRule[],
  request: AccessRequest,
  user: string,
): AccessDecision {
  const resource = request.subresource
    ? `${request.resource}/${request.subresource}`
    : request.resource;
  const index = rules.findIndex(
    rule =>
      matches(rule.verbs, request.verb) &&
      matches(rule.resources, resource) &&
      matches(rule.apiGroups, request.group) &&
      (rule.namespaces === undefined ||
        (request.namespace !== undefined &&
          matches(rule.namespaces, request.namespace))) &&
      (rule.resourceNames === undefined ||
        (request.name !== undefined &&
          matches(rule.resourceNames, request.name))),
  );
  if (index >= 0) {
    return {
      allowed: true,
      reason: `RBAC: allowed by rule ${index + 1} of user "${user}"`,
    };
  }
  return {
    allowed: false,
    reason: `RBAC: no rule of user "${user}" allows ${describe(request)}`,
  };
}

/** The API server's wording of a 403. */
export function forbiddenMessage(request: AccessRequest, user: string): string {
  const resource = request.subresource
    ? `${request.resource}/${request.subresource}`
    : request.resource;
  const subject = request.name
    ? `${resource} "${request.name}" is forbidden`
    : `${resource} is forbidden`;
  const where = request.namespace
    ? ` in the namespace "${request.namespace}"`
    : ' at the cluster scope';
  return `${subject}: User "${user}" cannot ${request.verb} resource "${resource}" in API group "${request.group}"${where}`;
}

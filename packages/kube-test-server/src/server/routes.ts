import { ResourceType, resourceTypeAt } from '../store/resources';

/** Where a REST request points: a collection, an object or a subresource. */
export interface ResourceRoute {
  type: ResourceType;
  /** Set for namespaced paths; absent for cluster-scoped kinds and cluster-wide lists. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

export const SSAR_PATH =
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

function groupVersion(segments: string[]) {
  if (segments[0] === 'api' && segments[1] === 'v1') {
    return { group: '', version: 'v1', rest: segments.slice(2) };
  }
  if (segments[0] === 'apis' && segments.length >= 3) {
    return {
      group: segments[1],
      version: segments[2],
      rest: segments.slice(3),
    };
  }
  return undefined;
}

/** Parses `/api/v1/namespaces/shop/pods/x` and friends; undefined if not a resource path. */
export function parseResourcePath(path: string): ResourceRoute | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const gv = groupVersion(segments);
  if (!gv || gv.rest.length === 0) return undefined;
  const { group, version, rest } = gv;

  let route: ResourceRoute | undefined;
  const nested =
    rest[0] === 'namespaces' && rest.length >= 3
      ? resourceTypeAt(group, version, rest[2])
      : undefined;
  if (nested?.namespaced && rest.length <= 5) {
    route = {
      type: nested,
      namespace: rest[1],
      name: rest[3],
      subresource: rest[4],
    };
  } else {
    const type = resourceTypeAt(group, version, rest[0]);
    // A namespaced kind is reachable without a namespace only as a list.
    if (!type || rest.length > 3 || (type.namespaced && rest.length > 1)) {
      return undefined;
    }
    route = { type, name: rest[1], subresource: rest[2] };
  }
  const sub = route.subresource;
  if (sub && !route.type.subresources.some(s => s === sub)) return undefined;
  return route;
}

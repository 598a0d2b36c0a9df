import { RESOURCE_TYPES } from '../store/resources';

/** Version the simulator reports; `+simulator` marks it as not a real cluster. */
export const SIMULATED_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0+simulator',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const AUTHORIZATION_GROUP = 'authorization.k8s.io';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];

const DISCOVERY_OF_SUBRESOURCE = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: {
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    verbs: ['get', 'patch', 'update'],
  },
  eviction: {
    group: 'policy',
    version: 'v1',
    kind: 'Eviction',
    verbs: ['create'],
  },
} as const;

function resourcesOf(group: string, version: string) {
  const resources: Array<Record<string, unknown>> = [];
  for (const type of RESOURCE_TYPES) {
    if (type.group !== group || type.version !== version) continue;
    resources.push({
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    });
    for (const sub of type.subresources) {
      resources.push({
        name: `${type.plural}/${sub}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(sub === 'status' ? { kind: type.kind } : {}),
        ...DISCOVERY_OF_SUBRESOURCE[sub],
      });
    }
  }
  if (group === AUTHORIZATION_GROUP && version === 'v1') {
    resources.push({
      name: 'selfsubjectaccessreviews',
      singularName: 'selfsubjectaccessreview',
      namespaced: false,
      kind: 'SelfSubjectAccessReview',
      verbs: ['create'],
    });
  }
  return resources;
}

function groupNames(): string[] {
  const names = new Set(RESOURCE_TYPES.map(t => t.group).filter(Boolean));
  names.add(AUTHORIZATION_GROUP);
  return [...names].sort();
}

function apiGroup(name: string) {
  const groupVersion = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [groupVersion], preferredVersion: groupVersion };
}

/** Answers the discovery paths; undefined when `path` is not one. */
export function discovery(path: string, serverAddress: string): unknown {
  if (path === '/version') return SIMULATED_VERSION;
  if (path === '/api') {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }
  if (path === '/api/v1') {
    return {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: resourcesOf('', 'v1'),
    };
  }
  if (path === '/apis') {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groupNames().map(apiGroup),
    };
  }
  const group = path.match(/^\/apis\/([^/]+)$/);
  if (group && groupNames().includes(group[1])) {
    return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group[1]) };
  }
  const groupVersion = path.match(/^\/apis\/([^/]+)\/(v1)$/);
  if (groupVersion && groupNames().includes(groupVersion[1])) {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: `${groupVersion[1]}/v1`,
      resources: resourcesOf(groupVersion[1], 'v1'),
    };
  }
  return undefined;
}

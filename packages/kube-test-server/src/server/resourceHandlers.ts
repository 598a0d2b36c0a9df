import { badRequest, KubeApiError } from '../store/errors';
import { kubeTimestamp, KubeStore } from '../store/KubeStore';
import { applyJsonPatch, applyMergePatch } from '../store/patch';
import { apiVersionOf } from '../store/resources';
import { formatLabelSelector } from '../store/selectors';
import type { KubeObject, PatchType } from '../store/types';
import { evictPod } from './eviction';
import type { ResourceRoute } from './routes';

/** What a handler answers: an HTTP status and a JSON body. */
export interface Reply {
  code: number;
  body: unknown;
}

export interface ResourceRequest {
  method: string;
  route: ResourceRoute;
  query: URLSearchParams;
  contentType: string;
  body: unknown;
}

/** Kinds whose DELETE answers with the object rather than a `Status`. */
const DELETE_RETURNS_OBJECT = new Set([
  'Pod',
  'PersistentVolumeClaim',
  'Namespace',
]);

function patchTypeOf(contentType: string): PatchType {
  const media = contentType.split(';')[0].trim().toLocaleLowerCase('en-US');
  if (media === 'application/json-patch+json') return 'json';
  if (
    media === 'application/merge-patch+json' ||
    media === 'application/strategic-merge-patch+json'
  ) {
    return 'merge';
  }
  throw new KubeApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
  );
}

function isDryRun(query: URLSearchParams, body?: unknown): boolean {
  if (query.getAll('dryRun').includes('All')) return true;
  const fromBody = (body as { dryRun?: string[] } | undefined)?.dryRun;
  return Array.isArray(fromBody) && fromBody.includes('All');
}

function asObject(body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the request body must be a JSON object');
  }
  return body as KubeObject;
}

/** The `autoscaling/v1` Scale view of a Deployment. */
function scaleOf(deployment: KubeObject) {
  const { name, namespace, uid, resourceVersion, creationTimestamp } =
    deployment.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: deployment.spec?.replicas ?? 1 },
    status: {
      replicas: deployment.status?.replicas ?? 0,
      selector: formatLabelSelector(deployment.spec?.selector),
    },
  };
}

function listReply(store: KubeStore, req: ResourceRequest): Reply {
  const { type, namespace } = req.route;
  if (req.query.get('watch') === 'true' || req.query.get('watch') === '1') {
    throw new KubeApiError(
      405,
      'MethodNotAllowed',
      'watch is not supported by the kube-test-server cluster simulator',
    );
  }
  const items = store
    .list(type.kind, namespace, {
      labelSelector: req.query.get('labelSelector') ?? undefined,
      fieldSelector: req.query.get('fieldSelector') ?? undefined,
    })
    // Items of a typed list carry no kind/apiVersion on the wire.
    .map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  return {
    code: 200,
    body: {
      kind: type.listKind,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: store.resourceVersion },
      items,
    },
  };
}

function scaleReply(store: KubeStore, req: ResourceRequest): Reply {
  const { type, namespace, name } = req.route;
  const current = store.read(type.kind, namespace, name!);
  if (req.method === 'GET') return { code: 200, body: scaleOf(current) };
  let desired: {
    metadata?: { resourceVersion?: string };
    spec?: { replicas?: unknown };
  };
  if (req.method === 'PUT') {
    desired = asObject(req.body);
  } else if (req.method === 'PATCH') {
    const patchType = patchTypeOf(req.contentType);
    desired = (
      patchType === 'json'
        ? applyJsonPatch(scaleOf(current), req.body)
        : applyMergePatch(scaleOf(current), req.body)
    ) as typeof desired;
  } else {
    throw methodNotAllowed(req.method);
  }
  const replicas = desired.spec?.replicas;
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < 0
  ) {
    throw new KubeApiError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0`,
    );
  }
  const resourceVersion = desired.metadata?.resourceVersion;
  const written = store.patch(
    type.kind,
    namespace,
    name!,
    {
      metadata: resourceVersion ? { resourceVersion } : {},
      spec: { replicas },
    },
    { dryRun: isDryRun(req.query), scope: 'object' },
  );
  return { code: 200, body: scaleOf(written) };
}

function methodNotAllowed(method: string) {
  return new KubeApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}

/** POST to a collection: the object created in the route's namespace. */
function createReply(store: KubeStore, req: ResourceRequest): Reply {
  const { type, namespace, subresource } = req.route;
  const obj = asObject(req.body);
  if (type.namespaced && !namespace) throw methodNotAllowed('POST');
  if (obj.kind && obj.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${
        obj.apiVersion
      }) does not match the expected API version (${apiVersionOf(
        type,
      )}) or kind`,
    );
  }
  if (
    namespace &&
    obj.metadata?.namespace &&
    obj.metadata.namespace !== namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const created = store.create(
    {
      ...obj,
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: { ...obj.metadata, namespace },
    },
    { dryRun: isDryRun(req.query), scope: scopeOf(subresource) },
  );
  return { code: 201, body: created };
}

function replaceReply(
  store: KubeStore,
  req: ResourceRequest,
  name: string,
): Reply {
  const { type, namespace, subresource } = req.route;
  const obj = asObject(req.body);
  if (obj.metadata?.name && obj.metadata.name !== name) {
    throw badRequest(
      'the name of the object does not match the name on the URL',
    );
  }
  const replaced = store.replace(
    {
      ...obj,
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: { ...obj.metadata, name, namespace },
    },
    { dryRun: isDryRun(req.query), scope: scopeOf(subresource) },
  );
  return { code: 200, body: replaced };
}

/** DELETE: the removed object for some kinds, a `Status` for the others. */
function deleteReply(
  store: KubeStore,
  req: ResourceRequest,
  name: string,
): Reply {
  const { type, namespace, subresource } = req.route;
  if (subresource) throw methodNotAllowed('DELETE');
  const options = (req.body ?? {}) as {
    preconditions?: { uid?: string; resourceVersion?: string };
  };
  const removed = store.remove(type.kind, namespace, name, {
    dryRun: isDryRun(req.query, req.body),
    preconditions: options.preconditions,
  });
  if (DELETE_RETURNS_OBJECT.has(type.kind)) {
    return {
      code: 200,
      body: {
        ...removed,
        metadata: {
          ...removed.metadata,
          deletionTimestamp: kubeTimestamp(store.now()),
          deletionGracePeriodSeconds: 0,
        },
      },
    };
  }
  return {
    code: 200,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name,
        group: type.group || undefined,
        kind: type.plural,
        uid: removed.metadata.uid,
      },
    },
  };
}

/** Writes to the status subresource touch only the status. */
function scopeOf(subresource: string | undefined) {
  return subresource === 'status' ? 'status' : 'object';
}

/** GET/LIST/POST/PUT/PATCH/DELETE on a resource route. */
export function handleResource(store: KubeStore, req: ResourceRequest): Reply {
  const { type, namespace, name, subresource } = req.route;
  if (subresource === 'scale') return scaleReply(store, req);
  if (subresource === 'eviction') {
    if (req.method !== 'POST') throw methodNotAllowed(req.method);
    return evictPod(store, namespace!, name!, req.body);
  }

  if (!name) {
    if (req.method === 'GET') return listReply(store, req);
    if (req.method === 'POST') return createReply(store, req);
    throw methodNotAllowed(req.method);
  }

  switch (req.method) {
    case 'GET':
      return { code: 200, body: store.read(type.kind, namespace, name) };
    case 'PUT':
      return replaceReply(store, req, name);
    case 'PATCH': {
      const patched = store.patch(type.kind, namespace, name, req.body, {
        type: patchTypeOf(req.contentType),
        dryRun: isDryRun(req.query),
        scope: scopeOf(subresource),
      });
      return { code: 200, body: patched };
    }
    case 'DELETE':
      return deleteReply(store, req, name);
    default:
      throw methodNotAllowed(req.method);
  }
}

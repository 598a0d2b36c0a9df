import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessRequest, evaluateAccess, forbiddenMessage } from '../rbac';
import { badRequest, KubeApiError } from '../store/errors';
import type { KubeStore } from '../store/KubeStore';
import { handleSelfSubjectAccessReview } from './accessReview';
import { discovery } from './discovery';
import { handleResource, Reply } from './resourceHandlers';
import { parseResourcePath, ResourceRoute, SSAR_PATH } from './routes';
import type { KubeTestUser } from './startKubeTestServer';

/** What the request handler reads from the running server. */
export interface ServerState {
  store: KubeStore;
  /** Identities by bearer token. */
  users: Map<string, KubeTestUser>;
  /** `host:port` once listening, for the discovery documents. */
  address: () => string;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const UNAUTHENTICATED_PATHS = new Set(['/healthz', '/livez', '/readyz']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new KubeApiError(413, 'BadRequest', 'request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `the request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

export function send(res: ServerResponse, reply: Reply) {
  const plain = typeof reply.body === 'string';
  const text = plain ? String(reply.body) : JSON.stringify(reply.body);
  res.writeHead(reply.code, {
    'content-type': plain ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function verbOf(method: string, route: ResourceRoute, query: URLSearchParams) {
  switch (method) {
    case 'GET':
      if (route.name) return 'get';
      return query.get('watch') ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLocaleLowerCase('en-US');
  }
}

/** Answers a failed request with the Kubernetes `Status` of its error. */
export function sendError(res: ServerResponse, error: any) {
  const apiError =
    error instanceof KubeApiError
      ? error
      : new KubeApiError(500, 'InternalError', String(error?.message ?? error));
  send(res, { code: apiError.code, body: apiError.toStatus() });
}

/** The identity of the request's bearer token; 401 without a known one. */
function authenticate(
  req: IncomingMessage,
  users: Map<string, KubeTestUser>,
): KubeTestUser {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const user = bearer ? users.get(bearer) : undefined;
  if (!user) throw new KubeApiError(401, 'Unauthorized', 'Unauthorized');
  return user;
}

function selfSubjectAccessReview(
  method: string,
  body: unknown,
  user: KubeTestUser,
): Reply {
  if (method !== 'POST') {
    throw new KubeApiError(
      405,
      'MethodNotAllowed',
      `${method} is not allowed on selfsubjectaccessreviews`,
    );
  }
  return handleSelfSubjectAccessReview(body, user.name, user.rules);
}

/** 403 unless the user's RBAC rules allow the request on the route. */
function authorize(
  user: KubeTestUser,
  method: string,
  route: ResourceRoute,
  query: URLSearchParams,
) {
  const access: AccessRequest = {
    verb: verbOf(method, route, query),
    group: route.type.group,
    resource: route.type.plural,
    subresource: route.subresource,
    namespace: route.type.kind === 'Namespace' ? route.name : route.namespace,
    name: route.name,
  };
  if (!evaluateAccess(user.rules, access, user.name).allowed) {
    throw new KubeApiError(
      403,
      'Forbidden',
      forbiddenMessage(access, user.name),
      {
        name: route.name,
        group: route.type.group || undefined,
        kind: route.type.plural,
      },
    );
  }
}

/**
 * One API request: health paths without auth, then the bearer token, the
 * access review, discovery, and RBAC before the resource handlers.
 */
export async function handleRequest(
  state: ServerState,
  req: IncomingMessage,
): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = (req.method ?? 'GET').toUpperCase();
  if (UNAUTHENTICATED_PATHS.has(path)) return { code: 200, body: 'ok' };

  const user = authenticate(req, state.users);
  const body = parseJson(await readBody(req));
  if (path === SSAR_PATH) return selfSubjectAccessReview(method, body, user);
  if (method === 'GET') {
    const found = discovery(path, state.address());
    if (found) return { code: 200, body: found };
  }
  const route = parseResourcePath(path);
  if (!route) {
    throw new KubeApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }
  authorize(user, method, route, url.searchParams);
  return handleResource(state.store, {
    method,
    route,
    query: url.searchParams,
    contentType: req.headers['content-type'] ?? '',
    body,
  });
}

import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installControllers } from '../controllers';
import { kubeConfigYaml } from '../kubeconfig';
import {
  AccessRequest,
  ALLOW_ALL,
  evaluateAccess,
  forbiddenMessage,
  RbacRule,
} from '../rbac';
import { seedDemoCluster } from '../seed/demoCluster';
import { seedDemoFinOps } from '../seed/demoFinOps';
import { badRequest, KubeApiError } from '../store/errors';
import { KubeStore } from '../store/KubeStore';
import { handleSelfSubjectAccessReview } from './accessReview';
import { discovery } from './discovery';
import { handleResource, Reply } from './resourceHandlers';
import { parseResourcePath, ResourceRoute, SSAR_PATH } from './routes';

/** An identity of the simulator: a bearer token and what it may do. */
export interface KubeTestUser {
  token: string;
  /** User name in audit-style messages (403s, access reviews). */
  name: string;
  rules: RbacRule[];
}

export interface KubeTestServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Bearer token of the main identity (default: random). */
  token?: string;
  /** User name of the main identity. */
  userName?: string;
  /** RBAC of the main identity; everything is allowed when omitted. */
  rules?: RbacRule[];
  /** More identities, e.g. a read-only one. */
  users?: KubeTestUser[];
  /** `demo` seeds the demo cluster (`seedDemoCluster`); default empty. */
  seed?: 'demo' | 'empty';
  /** With `seed: 'demo'`, adds the demo's FinOps story (`seedDemoFinOps`). */
  finopsStory?: boolean;
  /** Clock and seed of generated names, for reproducible runs. */
  now?: () => Date;
  randomSeed?: number;
}

export interface KubeTestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Bearer token of the main identity. */
  token: string;
  /** Direct access to the cluster state; writes bump resourceVersion and run the controllers. */
  store: KubeStore;
  /** A kubeconfig for this server (main identity unless another token is given). */
  kubeConfigYaml(token?: string): string;
  /** Replaces the RBAC rules of a token (default: the main one). */
  setRules(rules: RbacRule[], token?: string): void;
  close(): Promise<void>;
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

function send(res: ServerResponse, reply: Reply) {
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

/**
 * Starts a loopback Kubernetes API server that speaks the real REST wire
 * protocol (JSON over plain HTTP, bearer-token auth, RBAC, `Status` errors)
 * backed by an in-memory store with simulated controllers.
 */
export async function startKubeTestServer(
  options: KubeTestServerOptions = {},
): Promise<KubeTestServer> {
  const store = new KubeStore({
    now: options.now,
    randomSeed: options.randomSeed,
  });
  installControllers(store);
  if (options.seed === 'demo') seedDemoCluster(store);
  if (options.seed === 'demo' && options.finopsStory) seedDemoFinOps(store);

  const token = options.token ?? `kts-${randomBytes(16).toString('hex')}`;
  const users = new Map<string, KubeTestUser>();
  users.set(token, {
    token,
    name: options.userName ?? 'system:serviceaccount:awoooi:awoooi-executor',
    rules: options.rules ?? [...ALLOW_ALL],
  });
  for (const user of options.users ?? []) users.set(user.token, user);

  let serverAddress = '';

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    if (UNAUTHENTICATED_PATHS.has(path)) return { code: 200, body: 'ok' };

    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const user = bearer ? users.get(bearer) : undefined;
    if (!user) throw new KubeApiError(401, 'Unauthorized', 'Unauthorized');

    const body = parseJson(await readBody(req));
    if (path === SSAR_PATH) {
      if (method !== 'POST') {
        throw new KubeApiError(
          405,
          'MethodNotAllowed',
          `${method} is not allowed on selfsubjectaccessreviews`,
        );
      }
      return handleSelfSubjectAccessReview(body, user.name, user.rules);
    }
    if (method === 'GET') {
      const found = discovery(path, serverAddress);
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
    const access: AccessRequest = {
      verb: verbOf(method, route, url.searchParams),
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
    return handleResource(store, {
      method,
      route,
      query: url.searchParams,
      contentType: req.headers['content-type'] ?? '',
      body,
    });
  }

  const server = createServer((req, res) => {
    handle(req)
      .then(reply => send(res, reply))
      .catch(error => {
        const apiError =
          error instanceof KubeApiError
            ? error
            : new KubeApiError(
                500,
                'InternalError',
                String(error?.message ?? error),
              );
        send(res, { code: apiError.code, body: apiError.toStatus() });
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  serverAddress = `${address.address}:${address.port}`;
  const url = `http://${serverAddress}`;

  return {
    url,
    token,
    store,
    kubeConfigYaml: (forToken = token) =>
      kubeConfigYaml({ url, token: forToken }),
    setRules(rules, forToken = token) {
      const user = users.get(forToken);
      if (!user) throw new Error('setRules: unknown token');
      user.rules = rules;
    },
    // Idempotent, so a test may stop the server to simulate an outage.
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

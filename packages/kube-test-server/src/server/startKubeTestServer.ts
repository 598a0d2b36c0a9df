import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installControllers } from '../controllers';
import { kubeConfigYaml } from '../kubeconfig';
import { ALLOW_ALL, RbacRule } from '../rbac';
import { seedDemoCluster } from '../seed/demoCluster';
import { seedDemoFinOps } from '../seed/demoFinOps';
import { KubeStore } from '../store/KubeStore';
import { handleRequest, send, sendError, ServerState } from './handleRequest';

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

/**
 * Starts a loopback Kubernetes API server that speaks the real REST wire
 * protocol (JSON over plain HTTP, bearer-token auth, RBAC, `Status` errors)
 * backed by an in-memory store with simulated controllers.
 */
export async function startKubeTestServer(
  options: KubeTestServerOptions = {},
): Promise<KubeTestServer> {
  const store = createSimulatedCluster(options);
  const token = options.token ?? `kts-${randomBytes(16).toString('hex')}`;
  const users = identities(options, token);

  let serverAddress = '';
  const state: ServerState = { store, users, address: () => serverAddress };
  const server = createServer((req, res) => {
    handleRequest(state, req)
      .then(reply => send(res, reply))
      .catch(error => sendError(res, error));
  });

  const address = await listen(server, options);
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
    close: () => closeServer(server),
  };
}

/** The store with its controllers, seeded as the options ask. */
function createSimulatedCluster(options: KubeTestServerOptions): KubeStore {
  const store = new KubeStore({
    now: options.now,
    randomSeed: options.randomSeed,
  });
  installControllers(store);
  if (options.seed === 'demo') seedDemoCluster(store);
  if (options.seed === 'demo' && options.finopsStory) seedDemoFinOps(store);
  return store;
}

/** The main identity under `token`, then the extra users, by token. */
function identities(
  options: KubeTestServerOptions,
  token: string,
): Map<string, KubeTestUser> {
  const users = new Map<string, KubeTestUser>();
  users.set(token, {
    token,
    name: options.userName ?? 'system:serviceaccount:awoooi:awoooi-executor',
    rules: options.rules ?? [...ALLOW_ALL],
  });
  for (const user of options.users ?? []) users.set(user.token, user);
  return users;
}

async function listen(
  server: Server,
  options: KubeTestServerOptions,
): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(error => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

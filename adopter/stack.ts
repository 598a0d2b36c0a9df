import { join } from 'path';
import { startKubeTestServer } from '../packages/kube-test-server/src';
import { freePort } from '../packages/test-utils/src/processes';
import { writeAdopterConfig } from './adopterConfig';
import { Server, startServer, waitFor } from './process';
import { proxiedUserToken } from './tokens';
import { Work } from './steps';

export const INGEST_SECRET = 'adopter-ingest-secret-0123456789';
const PRIVACY_KEY = 'adopter-privacy-key-0123456789abcdef0123';

export interface Stack {
  url: string;
  kubeUrl: string;
  kubeToken: string;
  configFile: string;
  /** The two approvers' tokens, once signed in. */
  tokens?: [string, string];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The cluster simulator, then the adopter config that points at it. */
export async function prepareStack(w: Work): Promise<Stack> {
  const kube = await startKubeTestServer({
    seed: 'demo',
    token: 'adopter-kube-token',
    randomSeed: 3,
  });
  const port = await freePort();
  const configFile = writeAdopterConfig(w.appDir, {
    port,
    catalogFile: join(w.appDir, 'adopter-catalog/catalog.yaml'),
    kubeUrl: kube.url,
    kubeToken: kube.token,
  });
  let backend: Server | undefined;
  const url = `http://localhost:${port}`;
  return {
    url,
    kubeUrl: kube.url,
    kubeToken: kube.token,
    configFile,
    async start() {
      backend = startBackend(w, configFile);
      await waitUntilReady(url, backend);
    },
    async stop() {
      await backend?.stop();
      await kube.close();
    },
  };
}

/** The app's backend with its own CLI's transform, SQLite in memory. */
function startBackend(w: Work, configFile: string): Server {
  return startServer(
    process.execPath,
    [
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: join(w.appDir, 'packages/backend'),
      logPath: join(w.reports, 'adopter-backend.log'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        AWOOOI_INGEST_SECRET: INGEST_SECRET,
        AWOOOI_PRIVACY_KEY: PRIVACY_KEY,
      },
    },
  );
}

/** Healthy, and the catalog has the approvers (sign-in looks them up). */
async function waitUntilReady(url: string, backend: Server) {
  const alive = () => {
    if (backend.child.exitCode !== null)
      throw new Error(`backend exited with ${backend.child.exitCode}`);
  };
  await waitFor(
    'the AWOOOI backend to be healthy',
    async () => {
      alive();
      return (await fetch(`${url}/api/awoooi/health`)).ok || undefined;
    },
    240_000,
  );
  await waitFor(
    'the catalog to hold the approvers',
    async () => {
      alive();
      return (await proxiedUserToken(url, 'sre-bob')) || undefined;
    },
    120_000,
  );
}

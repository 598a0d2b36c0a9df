/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { writeKubeConfig } from './kubeconfig';
import { startKubeTestServer } from './server/startKubeTestServer';

const USAGE = `Usage: cli.ts [--host 127.0.0.1] [--port 6443] [--token <token>] [--seed demo|empty] [--kubeconfig <path>]

Starts the kube-test-server cluster simulator: a Kubernetes API over plain HTTP
with an in-memory, seeded cluster. It is not a real cluster.`;

async function main() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '6443' },
      token: { type: 'string' },
      seed: { type: 'string', default: 'demo' },
      kubeconfig: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid --port '${values.port}'`);
  }
  if (values.seed !== 'demo' && values.seed !== 'empty') {
    throw new Error(`invalid --seed '${values.seed}' (demo or empty)`);
  }
  const server = await startKubeTestServer({
    host: values.host,
    port,
    token: values.token,
    seed: values.seed,
  });
  console.log(
    `kube-test-server (cluster simulator) listening on ${server.url}`,
  );
  if (!values.token) console.log(`bearer token: ${server.token}`);
  if (values.kubeconfig) {
    await writeKubeConfig(values.kubeconfig, {
      url: server.url,
      token: server.token,
    });
    console.log(`kubeconfig written to ${values.kubeconfig}`);
  }
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(`kube-test-server: ${error.message}`);
  process.exit(1);
});

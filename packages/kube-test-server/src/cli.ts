/* eslint-disable no-console */
import { rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { containerMetrics } from './metrics/containerMetrics';
import { demoUsagePlans } from './seed/demoUsage';
import { writeKubeConfig } from './kubeconfig';
import { startKubeTestServer } from './server/startKubeTestServer';

const USAGE = `Usage: cli.ts [--host 127.0.0.1] [--port 6443] [--token <token>] [--seed demo|empty] [--kubeconfig <path>] [--demo-metrics <path>]

Starts the kube-test-server cluster simulator: a Kubernetes API over plain HTTP
with an in-memory, seeded cluster. It is not a real cluster. The demo seed
includes the FinOps story; --demo-metrics writes a week of its pods' container
use as OpenMetrics, ready for \`promtool tsdb create-blocks-from openmetrics\`.`;

/** Days of container use the demo backfills (the FinOps scan reads 7). */
const DEMO_METRIC_DAYS = 8;

function readArgs() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '6443' },
      token: { type: 'string' },
      seed: { type: 'string', default: 'demo' },
      kubeconfig: { type: 'string' },
      'demo-metrics': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid --port '${values.port}'`);
  }
  if (values.seed !== 'demo' && values.seed !== 'empty') {
    throw new Error(`invalid --seed '${values.seed}' (demo or empty)`);
  }
  return { ...values, port, seed: values.seed as 'demo' | 'empty' };
}

/** Container usage for the demo's FinOps scan, written whole then renamed. */
async function writeDemoMetrics(
  path: string,
  server: Awaited<ReturnType<typeof startKubeTestServer>>,
) {
  const text = containerMetrics(
    demoUsagePlans(server.store),
    new Date(),
    DEMO_METRIC_DAYS,
  );
  // Written whole, then renamed: a reader never sees half a file.
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
  console.log(`demo container metrics written to ${path}`);
}

async function main() {
  const values = readArgs();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = await startKubeTestServer({
    host: values.host,
    port: values.port,
    token: values.token,
    seed: values.seed,
    finopsStory: values.seed === 'demo',
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
  const metricsPath = values['demo-metrics'];
  if (metricsPath) await writeDemoMetrics(metricsPath, server);
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

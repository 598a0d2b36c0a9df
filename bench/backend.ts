/**
 * An AWOOOI backend for a benchmark: the real plugin on the given database
 * and catalog, a function that posts an Alertmanager webhook to it, and one
 * that sends many webhooks from concurrent senders in a thread of their own.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import awoooiPlugin from '@awoooi/plugin-awoooi-backend';
import { Worker } from 'worker_threads';
import type { Knex } from 'knex';

const SECRET = 'bench-secret';
const HEADERS = {
  'content-type': 'application/json',
  'x-awoooi-token': SECRET,
};

export interface IngestReply {
  created: number;
  unchanged: number;
  incidentsOpened: string[];
}

/**
 * Senders in a worker thread: like Alertmanager, they are not the backend,
 * so building, sending and reading their requests does not take turns on
 * the backend's event loop. Each sender posts the next body until none is
 * left; the replies come back in the bodies' order, with the time from
 * the first request to the last reply (the thread's start not counted).
 */
const SENDERS_THREAD = `
const { parentPort, workerData } = require('worker_threads');
const { url, headers, bodies, senders } = workerData;
const replies = new Array(bodies.length);
let next = 0;
async function sender() {
  while (next < bodies.length) {
    const i = next++;
    const res = await fetch(url, { method: 'POST', headers, body: bodies[i] });
    const text = await res.text();
    if (res.status !== 202) throw new Error('HTTP ' + res.status + ': ' + text);
    replies[i] = JSON.parse(text);
  }
}
const started = performance.now();
Promise.all(Array.from({ length: senders }, sender)).then(
  () => parentPort.postMessage({ replies, ms: performance.now() - started }),
  error => parentPort.postMessage({ error: String(error) }),
);
`;

function sendFromThread(
  url: string,
  bodies: unknown[],
  senders: number,
): Promise<SentAll> {
  const worker = new Worker(SENDERS_THREAD, {
    eval: true,
    workerData: {
      url,
      headers: HEADERS,
      bodies: bodies.map(b => JSON.stringify(b)),
      senders,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: Partial<SentAll> & { error?: string }) =>
      m.error ? reject(new Error(m.error)) : resolve(m as SentAll),
    );
    worker.once('error', reject);
  }).finally(() => worker.terminate()) as Promise<SentAll>;
}

export interface SentAll {
  replies: IngestReply[];
  /** From the first request to the last reply. */
  ms: number;
}

export interface AlertBackend {
  /** Shuts the backend down (its queue finishes what it started), then the server. */
  stop: () => Promise<void>;
  post: (body: unknown) => Promise<IngestReply>;
  /** Sends every body, `senders` at a time, from a thread of their own. */
  sendAll: (bodies: unknown[], senders: number) => Promise<SentAll>;
}

export async function startAlertBackend(
  knex: Knex,
  entities: Entity[],
): Promise<AlertBackend> {
  const backend = await startTestBackend({
    features: [
      awoooiPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.logger.factory(),
      // A backend that has been up a few seconds: its scheduled tasks with an
      // initial delay (the catalog graph load among them) have run once.
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: { encryptionKey: 'b'.repeat(40) },
          },
        },
      }),
    ],
  });
  const url = `http://127.0.0.1:${
    (backend.server.address() as { port: number }).port
  }/api/awoooi/alerts/alertmanager`;
  const post = async (body: unknown): Promise<IngestReply> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    if (res.status !== 202)
      throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return res.json() as Promise<IngestReply>;
  };
  const sendAll = (bodies: unknown[], senders: number) =>
    sendFromThread(url, bodies, senders);
  return { stop: () => backend.stop(), post, sendAll };
}

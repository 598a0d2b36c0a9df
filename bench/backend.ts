/**
 * An AWOOOI backend for a benchmark: the real plugin on the given database
 * and catalog, and a function that posts an Alertmanager webhook to it.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import awoooiPlugin from '@awoooi/plugin-awoooi-backend';
import type { Server } from 'http';
import type { Knex } from 'knex';

const SECRET = 'bench-secret';

export interface IngestReply {
  created: number;
  unchanged: number;
  incidentsOpened: string[];
}

export async function startAlertBackend(
  knex: Knex,
  entities: Entity[],
): Promise<{ server: Server; post: (body: unknown) => Promise<IngestReply> }> {
  const { server } = await startTestBackend({
    features: [
      awoooiPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      mockServices.logger.factory(),
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
    (server.address() as { port: number }).port
  }/api/awoooi/alerts/alertmanager`;
  const post = async (body: unknown): Promise<IngestReply> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-awoooi-token': SECRET },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    if (res.status !== 202)
      throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return res.json() as Promise<IngestReply>;
  };
  return { server, post };
}

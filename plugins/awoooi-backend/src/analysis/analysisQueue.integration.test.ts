import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Severity } from '@awoooi/plugin-awoooi-common';
import {
  awoooiBrainsExtensionPoint,
  type AwoooiBrain,
  type BrainInput,
  type BrainOutput,
} from '@awoooi/plugin-awoooi-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { awoooiPlugin } from '../plugin';
import { alertmanagerPayload, seedCatalog } from '../__testUtils__/seedCatalog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'queue-test-secret';

/**
 * A brain that holds its first `hold` calls until released, like a slow
 * model, and names the call and the severity it saw in its narrative.
 */
class SlowBrain implements AwoooiBrain {
  readonly id = 'slow';
  readonly seen: Severity[] = [];
  returned = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly hold: number) {}

  async analyze(input: BrainInput): Promise<BrainOutput> {
    const call = this.seen.push(input.incident.severity);
    if (call <= this.hold) await new Promise<void>(r => this.waiting.push(r));
    this.returned++;
    return {
      ...input.baseline,
      narrative: `call ${call} saw ${input.incident.severity}`,
    };
  }

  release() {
    this.waiting.splice(0).forEach(resume => resume());
  }
}

async function startBackend(knex: Knex, brain: SlowBrain) {
  return startTestBackend({
    features: [
      awoooiPlugin,
      createBackendModule({
        pluginId: 'awoooi',
        moduleId: 'slow-brain',
        register(env) {
          env.registerInit({
            deps: { brains: awoooiBrainsExtensionPoint },
            async init({ brains }) {
              brains.addBrain(brain);
            },
          });
        },
      }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: seedCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          awoooi: {
            ingest: { sharedSecret: SECRET },
            privacy: { encryptionKey: 'q'.repeat(40) },
            brain: { provider: 'slow' },
            analysis: { claimTimeout: { milliseconds: 300 } },
          },
        },
      }),
    ],
  });
}

async function sendAlert(
  server: any,
  alert: {
    fingerprint: string;
    severity: string;
    service?: string;
    startsAt?: string;
  },
) {
  await request(server)
    .post('/api/awoooi/alerts/alertmanager')
    .set('x-awoooi-token', SECRET)
    .send(
      alertmanagerPayload([
        {
          alertname: alert.service ? `Down-${alert.service}` : 'Errors',
          fingerprint: alert.fingerprint,
          severity: alert.severity,
          labels: alert.service
            ? { service: alert.service }
            : { service: 'frontend', namespace: 'shop' },
          startsAt: alert.startsAt,
        },
      ]),
    )
    .expect(202);
}

async function until(check: () => Promise<boolean> | boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 50));
  }
}

async function narrativeOf(knex: Knex): Promise<string | undefined> {
  const row = await knex('incident_analyses').first('narrative');
  return row?.narrative;
}

describe.each(databases.eachSupportedId())(
  'analysis queue on %s',
  databaseId => {
    it('analyses again when the incident escalates during its analysis', async () => {
      const knex = await databases.init(databaseId);
      const brain = new SlowBrain(1);
      const { server } = await startBackend(knex, brain);
      await sendAlert(server, { fingerprint: 'fe-1', severity: 'warning' });
      await until(() => brain.seen.length === 1);

      await sendAlert(server, { fingerprint: 'fe-2', severity: 'critical' });
      brain.release();

      await until(
        async () => (await narrativeOf(knex)) === 'call 2 saw critical',
      );
      expect(brain.seen).toEqual(['warning', 'critical']);
      const incident = await knex('incidents').first();
      expect(incident).toMatchObject({
        severity: 'critical',
        analysis_state: 'done',
      });
    });

    it('keeps the newer analysis when a stale worker finishes late', async () => {
      const knex = await databases.init(databaseId);
      const brain = new SlowBrain(1);
      const slow = await startBackend(knex, brain);
      const other = await startBackend(knex, brain);
      await sendAlert(slow.server, { fingerprint: 'fe-1', severity: 'high' });
      await until(() => brain.seen.length === 1);
      // Past the claim timeout, the other instance takes the analysis over.
      await new Promise(r => setTimeout(r, 400));
      // An ingress alert from an hour later: an incident of its own (not
      // correlated with the frontend's), whose opening kicks the other queue.
      await sendAlert(other.server, {
        fingerprint: 'in-1',
        severity: 'high',
        service: 'ingress',
        startsAt: '2026-11-24T04:00:00.000Z',
      });
      const frontend = () =>
        knex('incident_analyses')
          .join('incidents', 'incidents.id', 'incident_analyses.incident_id')
          .where('incidents.entity_ref', 'component:default/frontend')
          .first('narrative');
      // The other instance's analysis (a later call than the stalled first).
      await until(async () => (await frontend()) !== undefined);
      const newer = (await frontend()).narrative;
      expect(newer).toMatch(/^call [2-9] saw high$/);

      brain.release();
      await until(() => brain.returned === brain.seen.length);
      await slow.stop(); // waits for its queue to finish the stale run
      expect((await frontend()).narrative).toBe(newer);
      await other.stop();
    });
  },
);

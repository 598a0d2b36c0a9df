import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { AwoooiClusterSource, KubeKind } from '@awoooi/plugin-awoooi-node';
import request from 'supertest';
import { demoEntities } from '@internal/awoooi-test-utils';
import { startTestCluster, TestCluster } from './__testUtils__/kubeCluster';
import {
  scannersTestPlugin,
  ScannersTestHost,
} from './__testUtils__/scannersPlugin';
import { visibilityCatalogFactory } from '@internal/awoooi-test-utils';
import { createTestDatabases } from '@internal/awoooi-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Holds every list call until opened, so a run stays running. */
class GatedSource implements AwoooiClusterSource {
  readonly name: string;
  private release!: () => void;
  private gate: Promise<void> = Promise.resolve();
  constructor(private readonly inner: AwoooiClusterSource) {
    this.name = inner.name;
  }
  close() {
    this.gate = new Promise(r => (this.release = r));
  }
  open() {
    this.release?.();
  }
  async list(kind: KubeKind, namespace?: string) {
    await this.gate;
    return this.inner.list(kind, namespace);
  }
}

describe.each(databases.eachSupportedId())(
  'scanners wired into a backend on %s',
  databaseId => {
    let cluster: TestCluster;
    beforeEach(async () => {
      cluster = await startTestCluster('demo');
    });
    afterEach(() => cluster.server.close());

    async function start(
      databaseId_: TestDatabaseId,
      permission:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
      catalog = catalogServiceMock.factory({ entities: demoEntities() }),
    ) {
      const knex = await databases.init(databaseId_);
      const gated = new GatedSource(cluster.source);
      const scheduler = mockServices.scheduler.mock();
      let scanners: ScannersTestHost | undefined;
      const { server } = await startTestBackend({
        features: [
          ...scannersTestPlugin({
            clusterSources: [gated],
            onReady: s => (scanners = s),
          }),
          mockServices.database.factory({ knex }),
          scheduler.factory,
          mockServices.permissions.factory({ result: permission }),
          catalog,
          mockServices.rootConfig.factory({
            data: {
              awoooi: {
                scans: { assets: { cron: '30 * * * *', timeZone: 'UTC' } },
              },
            },
          }),
        ],
      });
      const api = (path: string) => `/api/awoooi${path}`;
      const runToEnd = async (scanId: string) => {
        const started = await request(server).post(api(`/scans/${scanId}/run`));
        expect(started.status).toBe(202);
        for (;;) {
          const runs = await request(server).get(api(`/scans/${scanId}/runs`));
          const run = runs.body.items.find(
            (r: any) => r.id === started.body.id,
          );
          if (run.status !== 'running') return run;
          await new Promise(r => setTimeout(r, 50));
        }
      };
      return { server, gated, scheduler, scanners: scanners!, api, runToEnd };
    }

    it('lists the scanners with their zone schedules and schedules one global task each', async () => {
      const { server, scheduler, api } = await start(databaseId);
      const res = await request(server).get(api('/scans'));
      expect(res.status).toBe(200);
      expect(
        res.body.items.map((s: any) => [
          s.scanId,
          s.schedule,
          s.timeZone,
          s.running,
          s.lastRun,
        ]),
      ).toEqual([
        ['capacity', '0 2 * * *', 'Asia/Taipei', false, null],
        ['compliance', '0 3 * * *', 'Asia/Taipei', false, null],
        ['assets', '30 * * * *', 'UTC', false, null],
        ['rules', '*/15 * * * *', 'Asia/Taipei', false, null],
        ['finops', '0 4 * * *', 'Asia/Taipei', false, null],
      ]);
      expect(res.body.items[2].nextRunAt).toMatch(/:30:00\.000Z$/);
      expect(
        scheduler.scheduleTask.mock.calls.map(([task]) => [
          task.id,
          task.scope,
          task.frequency,
        ]),
      ).toEqual(
        ['capacity', 'compliance', 'assets', 'rules', 'finops'].map(id => [
          `awoooi-scan-${id}`,
          'global',
          { cron: '* * * * *' },
        ]),
      );
    });

    it('starts a manual run with 202, answers 409 while it runs, and records it', async () => {
      const { server, gated, api } = await start(databaseId);
      gated.close();
      const first = await request(server).post(api('/scans/assets/run'));
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({
        scanId: 'assets',
        status: 'running',
        trigger: 'manual',
        triggeredBy: 'user:default/mock',
      });
      const second = await request(server).post(api('/scans/assets/run'));
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(
        new RegExp(
          `^Scanner 'assets' is already running \\(run ${first.body.id}`,
        ),
      );
      expect(
        (await request(server).get(api('/scans'))).body.items[2].running,
      ).toBe(true);

      gated.open();
      let run;
      do {
        run = (await request(server).get(api('/scans/assets/runs'))).body
          .items[0];
      } while (run.status === 'running');
      expect(run).toMatchObject({
        status: 'succeeded',
        counts: { found: 35, new: 35 },
      });

      const assets = await request(server)
        .get(api('/assets'))
        .query({ kind: 'deployment', limit: 5 });
      expect(assets.body).toMatchObject({ total: 13 });
      expect(assets.body.items).toHaveLength(5);
      const coverage = await request(server).get(api('/assets/coverage'));
      expect(coverage.body.dimensions).toHaveLength(7);
      expect(
        (await request(server).get(api('/assets/discovery'))).body.items,
      ).toHaveLength(2);
      expect((await request(server).post(api('/scans/nope/run'))).status).toBe(
        404,
      );
    });

    it('takes evidence through the API and shows it in the next compliance snapshot', async () => {
      const { server, api, runToEnd } = await start(databaseId);
      const post = (body: object) =>
        request(server).post(api('/compliance/evidence')).send(body);

      const trivy = await post({
        entityRef: 'component:default/frontend',
        dimension: 'cve_scan',
        source: 'trivy',
        trivy: {
          ArtifactName: 'acme/frontend:2.14.1',
          Results: [
            {
              Target: 'os',
              Vulnerabilities: [{ VulnerabilityID: 'CVE-1', Severity: 'HIGH' }],
            },
          ],
        },
      });
      expect(trivy.status).toBe(201);
      expect(trivy.body).toMatchObject({
        result: 'warning',
        summary:
          'Trivy acme/frontend:2.14.1: 0 critical, 1 high, 0 medium, 0 low',
        createdBy: 'user:default/mock',
        details: { vulnerabilities: { high: 1 } },
      });
      const backup = await post({
        entityRef: 'resource:default/postgres-db',
        dimension: 'backup_tested',
        result: 'pass',
        summary: 'restore drill 38 min',
        source: 'backup-restore-test',
        observedAt: new Date(Date.now() - 86_400_000).toISOString(),
      });
      expect(backup.status).toBe(201);

      expect(
        (
          await post({
            entityRef: 'component:default/frontend',
            dimension: 'vibes',
            result: 'pass',
          })
        ).body.error.message,
      ).toMatch(/^dimension: Invalid enum value/);
      expect(
        (
          await post({
            entityRef: 'component:default/frontend',
            dimension: 'cve_scan',
          })
        ).body.error.message,
      ).toBe(
        'result: required (pass, warning or fail) unless a trivy report is given',
      );
      expect(
        (
          await post({
            entityRef: 'component:default/nope',
            dimension: 'cve_scan',
            result: 'pass',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await post({
            entityRef: 'component:default/frontend',
            dimension: 'backup_tested',
            trivy: { Results: [] },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await request(server)
            .get(api('/compliance/evidence'))
            .query({ entityRef: 'component:default/frontend' })
        ).body.items,
      ).toHaveLength(1);

      const run = await runToEnd('compliance');
      expect(run.status).toBe('succeeded');
      const report = await request(server)
        .get(api('/compliance/entity'))
        .query({ entityRef: 'component:default/frontend' });
      expect(report.status).toBe(200);
      expect(
        report.body.checks.find((c: any) => c.dimension === 'cve_scan'),
      ).toMatchObject({
        status: 'warning',
        evidence: expect.stringMatching(
          /^Warning: Trivy acme\/frontend:2\.14\.1: 0 critical, 1 high/,
        ),
      });
      expect(report.body.history).toHaveLength(1);
      const group = await request(server)
        .get(api('/compliance/group'))
        .query({ groupRef: 'group:default/checkout-team' });
      expect(group.body.entities.map((e: any) => e.entityRef)).toEqual([
        'component:default/frontend',
        'component:default/ingress',
        'component:default/notification-worker',
        'component:default/order-api',
      ]);
      expect(group.body.history).toHaveLength(1);
      expect(
        (await request(server).get(api('/compliance/groups'))).body.items,
      ).toHaveLength(3);
      expect(
        (await request(server).get(api('/compliance/entity'))).status,
      ).toBe(400);
    });

    it('lists only the compliance of groups and entities the caller can read', async () => {
      const checkoutTeam = [
        'component:default/frontend',
        'component:default/ingress',
        'component:default/notification-worker',
        'component:default/order-api',
      ];
      const { server, api, runToEnd } = await start(
        databaseId,
        AuthorizeResult.ALLOW,
        visibilityCatalogFactory(demoEntities(), {
          // The default caller of the test backend.
          'user:default/mock': checkoutTeam,
        }),
      );
      expect((await runToEnd('compliance')).status).toBe('succeeded');
      const groups = await request(server).get(api('/compliance/groups'));
      expect(groups.status).toBe(200);
      expect(groups.body.items).toHaveLength(2);
      expect(groups.body.items.map((g: any) => g.groupRef)).not.toContain(
        'group:default/checkout-team',
      );
      const group = await request(server)
        .get(api('/compliance/group'))
        .query({ groupRef: 'group:default/checkout-team' });
      expect(group.body).toMatchObject({ score: null, entities: [] });
    });

    it('serves FinOps, capacity and rules, and links proposals', async () => {
      const { server, api, runToEnd, scanners } = await start(databaseId);
      expect((await runToEnd('finops')).status).toBe('succeeded');
      const clusterReport = await request(server)
        .get(api('/finops/cluster'))
        .query({ cluster: 'demo' });
      // No Prometheus here: only the orphaned 200 GiB claim, at the default 0.10 per GiB-month.
      expect(clusterReport.body).toMatchObject({
        scope: 'demo',
        currency: 'USD',
        monthlyWaste: 20,
        annual: 240,
      });
      const [recommendation] = clusterReport.body.recommendations;
      expect(
        (await request(server).get(api('/finops/clusters'))).body.items,
      ).toEqual([
        expect.objectContaining({
          cluster: 'demo',
          monthlyWaste: 20,
          recommendations: 1,
        }),
      ]);
      await scanners.finops.markProposed(recommendation.id, 'proposal-1');
      expect(
        await scanners.finops.getRecommendation(recommendation.id),
      ).toMatchObject({ proposalId: 'proposal-1' });
      await expect(
        scanners.finops.markProposed('finops-unknown', 'p'),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(
        (
          await request(server).get(
            api(`/finops/recommendations/${recommendation.id}`),
          )
        ).body.proposalId,
      ).toBe('proposal-1');
      expect(
        (
          await request(server).get(
            api('/finops/recommendations/finops-unknown'),
          )
        ).status,
      ).toBe(404);

      const entity = await request(server)
        .get(api('/finops/entity'))
        .query({ entityRef: 'component:default/frontend' });
      expect(entity.body).toMatchObject({
        scope: 'component:default/frontend',
        monthlyWaste: 0,
        recommendations: [],
      });
      expect(entity.body.generatedAt).not.toBeNull();

      expect((await request(server).get(api('/capacity/hosts'))).body).toEqual({
        items: [],
      });
      expect(
        (await request(server).get(api('/capacity/violations'))).body,
      ).toEqual({ items: [] });
      expect((await request(server).get(api('/rules'))).body).toEqual({
        items: [],
      });
      expect((await runToEnd('capacity')).notes).toEqual([
        'No Prometheus server is configured (awoooi.prometheus.servers): no host was read',
      ]);
    });

    it('refuses callers without the permissions', async () => {
      const { server, api } = await start(databaseId, AuthorizeResult.DENY);
      const scans = await request(server).get(api('/scans'));
      expect(scans.status).toBe(403);
      expect(scans.body.error.message).toBe(
        'Missing permission awoooi.scan.read',
      );
      expect(
        (await request(server).post(api('/scans/assets/run'))).body.error
          .message,
      ).toBe('Missing permission awoooi.scan.run');
      const evidence = await request(server)
        .post(api('/compliance/evidence'))
        .send({
          entityRef: 'component:default/frontend',
          dimension: 'cve_scan',
          result: 'pass',
        });
      expect(evidence.status).toBe(403);
      expect(evidence.body.error.message).toBe(
        'Missing permission awoooi.evidence.create',
      );
      expect(
        (
          await request(server)
            .get(api('/finops/entity'))
            .query({ entityRef: 'component:default/frontend' })
        ).status,
      ).toBe(403);
    });
  },
);

import type { KubeTestServer } from '@internal/kube-test-server';
import request from 'supertest';
import {
  as,
  DEVOPS,
  startApprovalBackend,
  startKube,
} from '../__testUtils__/approvalBackend';
import { createTestDatabases } from '@internal/awoooi-test-utils';
import { runLoop, startLoopBackend } from '../__testUtils__/verifiedLoop';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'incident report on %s',
  databaseId => {
    let kube: KubeTestServer;
    beforeEach(async () => {
      kube = await startKube();
    });
    afterEach(async () => {
      await kube.close();
    });

    it('tells a resolved incident from the first alert to the verified fix, as Markdown', async () => {
      const { server, scheduler } = await startLoopBackend(
        await databases.init(databaseId),
        kube,
      );
      const { incident } = await runLoop(server, scheduler, 'r');
      const get = (path: string) =>
        request(server)
          .get(`/api/awoooi/incidents/${incident.id}/${path}`)
          .set('authorization', as(DEVOPS));

      const { body: report } = await get('report').expect(200);
      expect(report.incident.state).toBe('resolved');
      expect(report.outcome).toBe('VERIFIED');
      expect(report.rootCause.entityRef).toBe('resource:default/postgres-db');
      expect(report.durations.recoverMs).toBeGreaterThan(0);
      const kinds: string[] = report.timeline.map((t: any) => t.kind);
      const order = [
        'alert_fired',
        'incident_opened',
        'incident_analyzed',
        'proposal_created',
        'signature',
        'execute_end',
        'incident_resolved',
        'verification',
      ];
      expect(order.map(k => kinds.indexOf(k))).toEqual(
        [...order.map(k => kinds.indexOf(k))].sort((a, b) => a - b),
      );
      expect(kinds).toEqual(expect.arrayContaining(order));

      const md = await get('report.md').expect(200);
      expect(md.headers['content-type']).toMatch(/^text\/markdown/);
      expect(md.headers['content-disposition']).toContain(
        `incident-${incident.id}.md`,
      );
      expect(md.text).toContain('# Incident report: ');
      expect(md.text).toContain('- Outcome of the fix: VERIFIED');
      expect(md.text).toContain('`resource:default/postgres-db` via');
      expect(md.text).toMatch(/\| Recover \| \d+ (s|min|h)/);
      expect(md.text).toMatch(/\| .* \| fix VERIFIED: .* \| verifier \|/);

      // The first report of a resolved incident is logged once.
      await get('report.md').expect(200);
      const { body: log } = await request(server)
        .get('/api/awoooi/audit')
        .query({ incidentId: incident.id, opType: 'report_generated' })
        .set('authorization', as(DEVOPS))
        .expect(200);
      expect(log.items).toHaveLength(1);
    });

    it('answers 404 for an incident that does not exist', async () => {
      const server = await startApprovalBackend(
        await databases.init(databaseId),
        kube,
      );
      const res = await request(server)
        .get('/api/awoooi/incidents/no-such-incident/report.md')
        .set('authorization', as(DEVOPS));
      expect(res.status).toBe(404);
    });
  },
);

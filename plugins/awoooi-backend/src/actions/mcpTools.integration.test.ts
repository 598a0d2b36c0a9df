import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import type { KubeTestServer } from '@internal/kube-test-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import {
  as,
  DEVELOPER,
  DEVOPS,
  SECRET,
  SRE,
  startApprovalBackend,
  startKube,
} from '../__testUtils__/approvalBackend';
import { alertmanagerPayload } from '../__testUtils__/seedCatalog';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const RAW_IP = '198.51.100.23';
const RAW_EMAIL = 'night-shift@shop.example';
const RAW = [RAW_IP, RAW_EMAIL];
const FRONTEND = 'component:default/frontend';

const TOOLS = {
  'awoooi.list-open-incidents': { readOnly: true, destructive: false },
  'awoooi.get-incident': { readOnly: true, destructive: false },
  'awoooi.get-incident-report': { readOnly: true, destructive: false },
  'awoooi.list-my-pending-approvals': { readOnly: true, destructive: false },
  'awoooi.get-proposal': { readOnly: true, destructive: false },
  'awoooi.propose-runbook-action': { readOnly: false, destructive: true },
  'awoooi.approve-proposal': { readOnly: false, destructive: true },
  'awoooi.reject-proposal': { readOnly: false, destructive: true },
};

interface ToolResult {
  ok: boolean;
  data: any;
  text: string;
}

/** Every answer any client got, for the personal-data check at the end. */
let seen: unknown[] = [];

/** A real MCP client on the Streamable HTTP endpoint of the mcp-actions plugin. */
async function connect(server: Server, authorization: string) {
  const { port } = server.address() as AddressInfo;
  const client = new Client({
    name: 'awoooi-test-assistant',
    version: '1.0.0',
  });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`),
      { requestInit: { headers: { authorization } } },
    ),
  );
  const call = async (
    tool: string,
    args: Record<string, unknown> = {},
  ): Promise<ToolResult> => {
    const result = await client.callTool({
      name: `awoooi.${tool}`,
      arguments: args,
    });
    seen.push(result);
    const text = (result.content as Array<{ text: string }>)[0].text;
    return { ok: !result.isError, data: result.structuredContent, text };
  };
  return { client, call };
}

/** Errors on the frontend whose summary names a client IP and a person; the database is down below it. */
async function fireAlerts(server: Server) {
  const summary = `5xx burst from ${RAW_IP}, paged ${RAW_EMAIL}`;
  await request(server)
    .post('/api/awoooi/alerts/alertmanager')
    .set('x-awoooi-token', SECRET)
    .send(
      alertmanagerPayload([
        {
          alertname: 'FrontendErrors',
          fingerprint: 'fe-mcp',
          labels: { service: 'frontend', namespace: 'shop', client: RAW_IP },
          summary,
        },
        {
          alertname: 'DbDown',
          fingerprint: 'db-mcp',
          labels: { service: 'postgres-db' },
        },
      ]),
    )
    .expect(202);
}

/** Polls through the tools until the frontend incident is analysed and has its proposal. */
async function waitForProposal(
  call: (t: string, a?: any) => Promise<ToolResult>,
) {
  const until = Date.now() + 30_000;
  for (;;) {
    const list = await call('list-open-incidents', { entityRef: FRONTEND });
    const incident = list.data?.incidents?.[0];
    if (incident?.analysisState === 'done') {
      const details = await call('get-incident', { incidentId: incident.id });
      if (details.data.proposals.length > 0) return details.data;
    }
    if (Date.now() > until) throw new Error('no proposal in time');
    await new Promise(r => setTimeout(r, 100));
  }
}

function restartedAt(kube: KubeTestServer, namespace: string, name: string) {
  const deployment = kube.store.get('deployments', namespace, name) as any;
  return deployment?.spec?.template?.metadata?.annotations?.[
    'kubectl.kubernetes.io/restartedAt'
  ];
}

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value);
  return RAW.filter(raw => text.includes(raw));
}

describe.each(databases.eachSupportedId())(
  'AWOOOI MCP tools on %s',
  databaseId => {
    let kube: KubeTestServer;
    let server: Server;
    const clients: Client[] = [];

    async function connectAs(user: string) {
      const connection = await connect(server, as(user));
      clients.push(connection.client);
      return connection;
    }

    beforeEach(async () => {
      seen = [];
      kube = await startKube();
      server = await startApprovalBackend(
        await databases.init(databaseId),
        kube,
        {},
        {
          features: [mcpActionsPlugin],
          config: { backend: { actions: { pluginSources: ['awoooi'] } } },
        },
      );
      await fireAlerts(server);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map(c => c.close()));
      await kube.close();
    });

    it('lists the tools with their attributes and reads incidents, analysis, report and proposals', async () => {
      const devops = await connectAs(DEVOPS);
      const { tools } = await devops.client.listTools();
      expect(
        Object.fromEntries(
          tools.map(t => [
            t.name,
            {
              readOnly: t.annotations?.readOnlyHint,
              destructive: t.annotations?.destructiveHint,
            },
          ]),
        ),
      ).toEqual(TOOLS);

      const details = await waitForProposal(devops.call);
      const incidentId = details.incident.id;
      // The frontend's and the database's alerts are one correlated
      // incident, named after its root cause.
      expect(details.incident).toMatchObject({
        entityRef: 'resource:default/postgres-db',
        state: 'open',
      });
      expect(details.incident.entities).toContainEqual({
        entityRef: FRONTEND,
        hopsToRootCause: 2,
      });
      const [cause] = details.analysis.rootCauses;
      expect(cause).toMatchObject({
        entityRef: 'resource:default/postgres-db',
        priority: 'database',
        symptom: false,
        distance: 0,
      });
      // The catalog paths from the cause up to everything it hurts.
      const frontendPath = details.analysis.blastRadius.find(
        (b: any) => b.entityRef === FRONTEND,
      ).path;
      expect(frontendPath).toHaveLength(3);
      expect(frontendPath[0]).toBe('resource:default/postgres-db');
      expect(frontendPath[2]).toBe(FRONTEND);
      // Alert text through the incident's Privacy-Shield scope: labels, not values.
      expect(details.alerts[0].title).toMatch(/\[IP_1\].*\[EMAIL_1\]/);
      expect(details.alerts[0].labels.client).toBe('[IP_1]');

      const byOwner = await devops.call('list-open-incidents', {
        owner: 'checkout-team',
      });
      expect(
        byOwner.data.incidents.map((i: any) => i.entityRef).sort(),
      ).toEqual(['resource:default/postgres-db']);
      const nobody = await devops.call('list-open-incidents', {
        owner: 'group:default/platform',
      });
      expect(nobody.data.incidents).toEqual([]);
      const info = await devops.call('list-open-incidents', {
        severity: ['info'],
      });
      expect(info.data.incidents).toEqual([]);
      const bad = await devops.call('list-open-incidents', {
        severity: ['loud'],
      });
      expect(bad.ok).toBe(false);
      expect(bad.text).toMatch(/InputError/);

      const [summary] = details.proposals;
      expect(summary).toMatchObject({
        action: 'rollout_restart',
        target: 'deployment/data/postgres-db',
        risk: 'HIGH',
        state: 'PENDING',
        approvals: 0,
        dryRunOk: true,
      });
      const proposal = await devops.call('get-proposal', {
        proposalId: summary.id,
      });
      expect(
        proposal.data.proposal.dryRun.checks.map((c: any) => c.name),
      ).toEqual(
        expect.arrayContaining([
          'params',
          'rbac',
          'exists',
          'pdb',
          'blast_radius',
        ]),
      );
      expect(proposal.data.remainingApprovals).toBe(2);
      expect(proposal.data.you).toEqual({
        canApprove: true,
        canReject: true,
        reason: null,
      });

      const report = await devops.call('get-incident-report', { incidentId });
      expect(report.data.timeline.map((e: any) => e.opType)).toEqual(
        expect.arrayContaining([
          'incident_opened',
          'incident_analyzed',
          'proposal_created',
          'dry_run',
        ]),
      );
      expect(report.data.timeline[0].opType).toBe('incident_opened');
      expect(report.data.proposals[0].id).toBe(summary.id);

      const missing = await devops.call('get-incident', {
        incidentId: 'no-such-incident',
      });
      expect(missing.text).toMatch(/NotFoundError/);
      expect(leaks(seen)).toEqual([]);
    });

    it('signs by the UI rules: refuses a plain user and a service, executes HIGH after two people approve', async () => {
      const devops = await connectAs(DEVOPS);
      const sre = await connectAs(SRE[0]);
      const developer = await connectAs(DEVELOPER);
      const service = await connect(server, mockCredentials.service.header());
      clients.push(service.client);
      const [{ id }] = (await waitForProposal(devops.call)).proposals;

      const mine = await devops.call('list-my-pending-approvals');
      // The database's own incident proposes the same restart: both wait for DevOps.
      expect(mine.data.proposals.map((p: any) => p.id)).toContain(id);
      expect(mine.data.proposals.map((p: any) => p.state)).toEqual(
        mine.data.proposals.map(() => 'PENDING'),
      );
      expect(
        (await developer.call('list-my-pending-approvals')).data.proposals,
      ).toEqual([]);

      const plain = await developer.call('approve-proposal', {
        proposalId: id,
      });
      expect(plain.ok).toBe(false);
      expect(plain.text).toMatch(
        /NotAllowedError: Cannot approve: not an approver/,
      );

      // A service credential reads, but never signs.
      expect(
        (await service.call('get-proposal', { proposalId: id })).data.you,
      ).toBeNull();
      const byService = await service.call('approve-proposal', {
        proposalId: id,
      });
      expect(byService.text).toMatch(
        /NotAllowedError: .*service credentials can read but never sign/,
      );
      expect((await service.call('list-my-pending-approvals')).ok).toBe(false);

      const first = await devops.call('approve-proposal', {
        proposalId: id,
        comment: `safe to restart, ask ${RAW_EMAIL}`,
      });
      expect(first.data.proposal.state).toBe('PENDING');
      expect(first.data.proposal.signatures[0]).toMatchObject({
        userRef: DEVOPS,
        role: 'devops',
        comment: expect.stringMatching(/^safe to restart, ask \[EMAIL_\d+\]$/),
      });
      const twice = await devops.call('approve-proposal', { proposalId: id });
      expect(twice.text).toMatch(/already signed/);
      expect(restartedAt(kube, 'data', 'postgres-db')).toBeUndefined();

      const second = await sre.call('approve-proposal', {
        proposalId: id,
        comment: 'go',
      });
      expect(second.data.proposal).toMatchObject({
        state: 'EXECUTED',
        result: { ok: true },
      });
      expect(
        second.data.proposal.signatures.map((s: any) => s.userRef),
      ).toEqual([DEVOPS, SRE[0]]);
      expect(restartedAt(kube, 'data', 'postgres-db')).toBeDefined();
      const late = await sre.call('reject-proposal', { proposalId: id });
      expect(late.text).toMatch(/ConflictError: Proposal is EXECUTED/);

      // The same audit trail as the UI's approvals.
      const audit = await request(server)
        .get('/api/awoooi/audit')
        .query({ proposalId: id });
      expect(audit.body.items.map((e: any) => e.opType).reverse()).toEqual([
        'proposal_created',
        'dry_run',
        'signature',
        'signature',
        'trust_changed',
        'execute_start',
        'execute_end',
      ]);
      expect(leaks(audit.body)).toEqual([]);
      expect(leaks(seen)).toEqual([]);
    });

    it('proposes a runbook action on an entity of the incident, idempotently, as the caller', async () => {
      const devops = await connectAs(DEVOPS);
      const sre = await connectAs(SRE[1]);
      const service = await connect(server, mockCredentials.service.header());
      clients.push(service.client);
      const { incident, proposals } = await waitForProposal(devops.call);
      const ask = {
        incidentId: incident.id,
        action: 'rollout_restart',
        entityRef: FRONTEND,
        title: `Restart the frontend (${RAW_EMAIL} agrees)`,
      };

      const proposed = await devops.call('propose-runbook-action', ask);
      expect(proposed.data.proposal).toMatchObject({
        source: 'incident',
        incidentId: incident.id,
        action: 'rollout_restart',
        target: 'deployment/shop/frontend',
        entityRef: FRONTEND,
        risk: 'MEDIUM',
        required: { count: 1 },
        state: 'PENDING',
        proposedBy: DEVOPS,
        title: expect.stringMatching(
          /^Restart the frontend \(\[EMAIL_\d+\] agrees\)$/,
        ),
      });
      expect(proposed.data.proposal.dryRun.ok).toBe(true);
      const again = await devops.call('propose-runbook-action', ask);
      expect(again.data.proposal.id).toBe(proposed.data.proposal.id);

      const outside = await devops.call('propose-runbook-action', {
        ...ask,
        entityRef: 'resource:default/redis-cache',
      });
      expect(outside.text).toMatch(
        /InputError: resource:default\/redis-cache is not part of this incident/,
      );
      const unknown = await devops.call('propose-runbook-action', {
        ...ask,
        action: 'drop_database',
      });
      expect(unknown.text).toMatch(
        /No executor offers 'drop_database'; available: .*rollout_restart/,
      );
      const byService = await service.call('propose-runbook-action', ask);
      expect(byService.text).toMatch(/NotAllowedError/);

      const own = await devops.call('approve-proposal', {
        proposalId: proposed.data.proposal.id,
      });
      expect(own.text).toMatch(/you proposed this/);
      const approved = await sre.call('approve-proposal', {
        proposalId: proposed.data.proposal.id,
      });
      expect(approved.data.proposal.state).toBe('EXECUTED');
      expect(restartedAt(kube, 'shop', 'frontend')).toBeDefined();

      // The brain's database restart is turned down instead: it ends, its pattern's trust resets.
      const rejected = await sre.call('reject-proposal', {
        proposalId: proposals[0].id,
        comment: 'the frontend restart fixed it',
      });
      expect(rejected.data.proposal).toMatchObject({
        state: 'REJECTED',
        reason: `Rejected by ${SRE[1]}: the frontend restart fixed it`,
      });
      expect(restartedAt(kube, 'data', 'postgres-db')).toBeUndefined();
      expect(leaks(seen)).toEqual([]);
    });
  },
);

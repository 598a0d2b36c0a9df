import { BackendClient, poll } from './backendClient';
import { tracerAlerts } from './tracerAlerts';
import type { TracerOptions } from './tracerBullet';

/**
 * One run of the tracer bullet: what every step needs, and what the steps
 * hand on to the later ones (tokens, incident, proposal, executed proposal).
 */
export interface TracerRun {
  client: BackendClient;
  o: TracerOptions;
  runId: string;
  ctx: Record<string, any>;
}

/** A step returns its PASS detail, or throws its FAIL detail. */
export type TracerStep = (run: TracerRun) => Promise<string | void>;

export async function checkBackendHealth({ client }: TracerRun) {
  await client.request('GET', '/api/awoooi/health');
}

export async function identifyApprovers({ client, o, ctx }: TracerRun) {
  ctx.tokens = o.approverTokens ?? [
    await client.signIn(o.approvers[0]),
    await client.signIn(o.approvers[1]),
  ];
  const who = [];
  for (const token of ctx.tokens) {
    const me = await client.request('GET', '/api/awoooi/me', token);
    who.push(`${me.userEntityRef} [${me.roles.join(', ')}]`);
  }
  const how = o.approverTokens ? 'given tokens' : 'demo sign-in';
  return `${who.join(' and ')} (${how})`;
}

export async function triggerAlerts({ client, runId }: TracerRun) {
  const res = await client.sendAlerts(tracerAlerts(runId, 'firing'));
  if (res.created !== 2)
    throw new Error(`expected 2 new alerts, got ${JSON.stringify(res)}`);
  return `${res.created} alerts stored, ${res.incidentsOpened.length} incidents opened`;
}

/** Waits for the incident holding the tracer alerts to be analysed. */
function pollAnalysedIncident({ client, o, runId, ctx }: TracerRun) {
  return poll(
    "the tracer alerts' incident to be analysed",
    async () => {
      const { items } = await client.request(
        'GET',
        `/api/awoooi/incidents?entityRef=${encodeURIComponent(
          'component:default/frontend',
        )}&state=open`,
        ctx.tokens[0],
      );
      // One correlated incident holds both alerts, named after the
      // alert on its root cause.
      const names = [`TracerDatabaseDown${runId}`, `TracerFrontend5xx${runId}`];
      const found = items.find((i: any) => names.includes(i.groupKey));
      return found?.analysisState === 'done' ? found : undefined;
    },
    o.timeoutMs,
  );
}

export async function checkTopologyAnalysis(run: TracerRun) {
  const { client, ctx } = run;
  const incident = await pollAnalysedIncident(run);
  ctx.incident = await client.request(
    'GET',
    `/api/awoooi/incidents/${incident.id}`,
    ctx.tokens[0],
  );
  const top = ctx.incident.analysis.rootCauses[0];
  if (top?.entityRef !== 'resource:default/postgres-db') {
    throw new Error(
      `root cause is ${
        top?.entityRef ?? 'none'
      }, expected resource:default/postgres-db`,
    );
  }
  return `root cause ${top.entityRef} via ${top.path.join(
    ' → ',
  )}; blast radius ${ctx.incident.analysis.blastRadius.length}`;
}

export async function awaitProposal({ client, o, ctx }: TracerRun) {
  const proposal = await poll(
    'a proposal',
    async () => {
      const d = await client.request(
        'GET',
        `/api/awoooi/incidents/${ctx.incident.incident.id}`,
        ctx.tokens[0],
      );
      // The fix for the top-ranked root cause (other unhealthy
      // entities of the same outage may have proposals too).
      const top = d.analysis?.rootCauses[0]?.entityRef;
      return d.proposals.find(
        (p: any) => p.state === 'PENDING' && p.entityRef === top,
      );
    },
    o.timeoutMs,
  );
  ctx.proposal = proposal;
  return `${proposal.action} on ${proposal.target} (${proposal.risk}), needs ${proposal.required.count} signatures`;
}

export async function approveWithBothApprovers({ client, ctx }: TracerRun) {
  const first = await client.request(
    'POST',
    `/api/awoooi/proposals/${ctx.proposal.id}/approve`,
    ctx.tokens[0],
    { comment: 'tracer bullet' },
  );
  if (ctx.proposal.required.count > 1 && first.state !== 'PENDING') {
    throw new Error(`after one signature the proposal is ${first.state}`);
  }
  const second =
    ctx.proposal.required.count > 1
      ? await client.request(
          'POST',
          `/api/awoooi/proposals/${ctx.proposal.id}/approve`,
          ctx.tokens[1],
          { comment: 'tracer bullet' },
        )
      : first;
  ctx.executed = second;
  return `signed by ${second.signatures
    .map((s: any) => `${s.userRef} (${s.role})`)
    .join(', ')}`;
}

/** Reads the executed proposal's target deployment from the cluster. */
async function checkDeploymentOnCluster(
  o: TracerOptions,
  p: any,
  kubeUrl: string,
) {
  const [kind, namespace, name] = p.target.replace(/^[^:]+:/, '').split('/');
  if (kind !== 'deployment')
    return `${p.result.detail} (cluster check skipped for ${kind})`;
  const res = await fetch(
    `${kubeUrl}/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
    {
      headers: o.kubeToken ? { authorization: `Bearer ${o.kubeToken}` } : {},
      signal: AbortSignal.timeout(30_000),
    },
  );
  if (!res.ok) throw new Error(`cluster check: HTTP ${res.status}`);
  const deployment: any = await res.json();
  const restartedAt =
    deployment.spec?.template?.metadata?.annotations?.[
      'kubectl.kubernetes.io/restartedAt'
    ];
  if (p.action === 'rollout_restart' && !restartedAt)
    throw new Error('the deployment on the cluster shows no restart');
  return `${p.result.detail}; cluster: ${namespace}/${name} restartedAt ${
    restartedAt ?? 'n/a'
  }`;
}

export async function checkExecution({ o, ctx }: TracerRun) {
  const p = ctx.executed;
  if (p.state !== 'EXECUTED')
    throw new Error(
      `proposal is ${p.state}: ${p.reason ?? p.result?.detail ?? ''}`,
    );
  if (o.kubeUrl) return checkDeploymentOnCluster(o, p, o.kubeUrl);
  return p.result.detail;
}

export async function resolveAlerts({ client, runId, ctx }: TracerRun) {
  const res = await client.sendAlerts(tracerAlerts(runId, 'resolved'));
  const id = ctx.incident.incident.id;
  if (!res.incidentsResolved.includes(id))
    throw new Error(
      `the tracer alerts' incident ${id} was not resolved (resolved: [${res.incidentsResolved.join(
        ', ',
      )}])`,
    );
  return `${res.incidentsResolved.length} incidents resolved`;
}

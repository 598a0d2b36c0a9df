import { BackendClient, poll } from './backendClient';
import { verifyOutcome } from './verifyOutcome';

export interface TracerOptions {
  url: string;
  secret: string;
  /** Approvers' Backstage tokens; without them the demo sign-in is used. */
  approverTokens?: [string, string];
  /** Demo users to sign in as when no tokens are given. */
  approvers: [string, string];
  kubeUrl?: string;
  kubeToken?: string;
  timeoutMs: number;
  out: (line: string) => void;
}

interface StepResult {
  name: string;
  ok: boolean;
  detail?: string;
}

function alerts(runId: string, status: 'firing' | 'resolved') {
  const alert = (
    alertname: string,
    labels: Record<string, string>,
    summary: string,
  ) => ({
    status,
    labels: { alertname, severity: 'critical', ...labels },
    annotations: { summary },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt:
      status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    generatorURL: 'http://tracer-bullet',
    fingerprint: `tracer-${runId}-${alertname}`,
  });
  return {
    version: '4',
    status,
    receiver: 'awoooi',
    groupKey: `{}:{tracer=${runId}}`,
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://tracer-bullet',
    truncatedAlerts: 0,
    alerts: [
      alert(
        `TracerDatabaseDown${runId}`,
        { service: 'postgres-db' },
        'tracer bullet: primary database not accepting connections',
      ),
      alert(
        `TracerFrontend5xx${runId}`,
        { service: 'frontend', namespace: 'shop' },
        'tracer bullet: frontend 5xx rate > 15%',
      ),
    ],
  };
}

/**
 * The seed's full loop against a running backend: alert → topology analysis
 * → proposal → multi-sig approval (two approvers: their Backstage tokens, or
 * the demo sign-in) → execution, checked on the cluster → the alerts
 * resolve → the backend's verdict on the fix (VERIFIED). One PASS/FAIL line
 * per step, then a summary.
 */
export async function runTracerBullet(o: TracerOptions): Promise<boolean> {
  const client = new BackendClient(o.url.replace(/\/$/, ''), o.secret);
  const runId = Date.now().toString(36);
  const results: StepResult[] = [];
  const ctx: Record<string, any> = {};

  const steps: Array<[string, () => Promise<string | void>]> = [
    [
      'backend health',
      async () => {
        await client.request('GET', '/api/awoooi/health');
      },
    ],
    [
      'two approvers identified',
      async () => {
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
      },
    ],
    [
      'trigger alert',
      async () => {
        const res = await client.sendAlerts(alerts(runId, 'firing'));
        if (res.created !== 2)
          throw new Error(`expected 2 new alerts, got ${JSON.stringify(res)}`);
        return `${res.created} alerts stored, ${res.incidentsOpened.length} incidents opened`;
      },
    ],
    [
      'topology analysis',
      async () => {
        const incident = await poll(
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
            const names = [
              `TracerDatabaseDown${runId}`,
              `TracerFrontend5xx${runId}`,
            ];
            const found = items.find((i: any) => names.includes(i.groupKey));
            return found?.analysisState === 'done' ? found : undefined;
          },
          o.timeoutMs,
        );
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
      },
    ],
    [
      'proposal generated',
      async () => {
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
      },
    ],
    [
      'multi-sig approval',
      async () => {
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
      },
    ],
    [
      'execution',
      async () => {
        const p = ctx.executed;
        if (p.state !== 'EXECUTED')
          throw new Error(
            `proposal is ${p.state}: ${p.reason ?? p.result?.detail ?? ''}`,
          );
        if (o.kubeUrl) {
          const [kind, namespace, name] = p.target
            .replace(/^[^:]+:/, '')
            .split('/');
          if (kind !== 'deployment')
            return `${p.result.detail} (cluster check skipped for ${kind})`;
          const res = await fetch(
            `${o.kubeUrl}/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
            {
              headers: o.kubeToken
                ? { authorization: `Bearer ${o.kubeToken}` }
                : {},
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
          return `${
            p.result.detail
          }; cluster: ${namespace}/${name} restartedAt ${restartedAt ?? 'n/a'}`;
        }
        return p.result.detail;
      },
    ],
    [
      'resolve alerts',
      async () => {
        const res = await client.sendAlerts(alerts(runId, 'resolved'));
        const id = ctx.incident.incident.id;
        if (!res.incidentsResolved.includes(id))
          throw new Error(
            `the tracer alerts' incident ${id} was not resolved (resolved: [${res.incidentsResolved.join(
              ', ',
            )}])`,
          );
        return `${res.incidentsResolved.length} incidents resolved`;
      },
    ],
    [
      // After the alerts resolved, as Alertmanager resolves them once the fix worked.
      'verify outcome',
      () => verifyOutcome(client, ctx.tokens[0], ctx.executed.id, o.timeoutMs),
    ],
  ];

  for (const [name, fn] of steps) {
    if (results.some(r => !r.ok)) {
      results.push({
        name,
        ok: false,
        detail: 'skipped after an earlier failure',
      });
    } else {
      try {
        const detail = await fn();
        results.push({ name, ok: true, detail: detail || undefined });
      } catch (error) {
        results.push({ name, ok: false, detail: (error as Error).message });
      }
    }
    const r = results[results.length - 1];
    o.out(
      r.ok
        ? `[x] [${r.name}] PASS${r.detail ? `: ${r.detail}` : ''}`
        : `[ ] [${r.name}] FAIL: ${r.detail}`,
    );
  }
  const passed = results.filter(r => r.ok).length;
  o.out('');
  o.out(`Total Steps: ${results.length}`);
  o.out(`Passed: ${passed}`);
  o.out(`Failed: ${results.length - passed}`);
  o.out(`Status: ${passed === results.length ? 'ALL PASSED' : 'FAILED'}`);
  return passed === results.length;
}

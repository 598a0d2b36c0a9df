import {
  detailOf,
  executorContext,
  outcomes,
  podNames,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';
import { RESTARTED_AT_ANNOTATION } from './rolloutRestart';

describe('rollout_restart', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('passes for a rolling Deployment whose surge keeps the budget', async () => {
    const result = await t.executor.dryRun(
      request('rollout_restart', 'deployment/shop/frontend'),
      executorContext(),
    );
    expect(outcomes(result.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      pdb: 'pass',
    });
    expect(detailOf(result.checks, 'exists')).toBe(
      'deployment shop/frontend: 3/3 pods ready, strategy RollingUpdate (maxUnavailable 25%, maxSurge 25%)',
    );
    expect(result.state).toMatchObject({
      workload: { name: 'frontend', replicas: 3, generation: 1 },
      pdbs: [
        expect.objectContaining({ name: 'frontend-pdb', minAvailable: 2 }),
      ],
    });
  });

  it('fails the pdb check when a Recreate rollout would drop below minAvailable', async () => {
    t.server.store.patch('Deployment', 'data', 'postgres-db', {
      spec: { strategy: { type: 'Recreate', rollingUpdate: null } },
    });
    const result = await t.executor.dryRun(
      request('rollout_restart', 'deployment/data/postgres-db'),
      executorContext(),
    );
    expect(outcomes(result.checks).pdb).toBe('fail');
    expect(detailOf(result.checks, 'pdb')).toContain(
      '0 at the low point of the rollout, 1 required',
    );
  });

  it('warns about a paused Deployment', async () => {
    t.server.store.patch('Deployment', 'shop', 'order-api', {
      spec: { paused: true },
    });
    const result = await t.executor.dryRun(
      request('rollout_restart', 'deployment/shop/order-api'),
      executorContext(),
    );
    expect(outcomes(result.checks).exists).toBe('warn');
  });

  it('finds a Deployment by its app.kubernetes.io/name label', async () => {
    const template = t.server.store.read('Deployment', 'shop', 'order-api');
    t.server.store.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'checkout-v2',
        namespace: 'shop',
        labels: { 'app.kubernetes.io/name': 'checkout' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'checkout' } },
          spec: template.spec.template.spec,
        },
      },
    });
    const result = await t.executor.dryRun(
      request('rollout_restart', 'deployment/shop/checkout'),
      executorContext(),
    );
    expect(outcomes(result.checks).exists).toBe('pass');
    expect(result.state).toMatchObject({ workload: { name: 'checkout-v2' } });
  });

  it('fails exists when no Deployment has the name or the labels', async () => {
    const result = await t.executor.dryRun(
      request('rollout_restart', 'deployment/shop/nothing'),
      executorContext(),
    );
    expect(outcomes(result.checks).exists).toBe('fail');
    expect(detailOf(result.checks, 'exists')).toContain(
      'no deployment shop/nothing',
    );
  });

  it('fails rbac without patch on deployments', async () => {
    t.server.setRules([{ verbs: ['get', 'list'], resources: ['*'] }]);
    const result = await t.executor.dryRun(
      request('rollout_restart', 'deployment/shop/frontend'),
      executorContext(),
    );
    expect(outcomes(result.checks).rbac).toBe('fail');
    expect(detailOf(result.checks, 'rbac')).toContain(
      'may not patch deployments frontend in namespace shop',
    );
  });

  it('stamps restartedAt on the pod template, which replaces every pod', async () => {
    const before = podNames(t.server, 'shop', 'frontend');
    const outcome = await t.executor.execute(
      request('rollout_restart', 'deployment/shop/frontend'),
      executorContext(),
    );
    expect(outcome).toEqual({
      ok: true,
      detail:
        'restarted deployment shop/frontend (restartedAt 2026-11-24T08:30:00Z)',
    });
    const deployment = t.server.store.read('Deployment', 'shop', 'frontend');
    expect(deployment.spec.template.metadata.annotations).toEqual({
      [RESTARTED_AT_ANNOTATION]: '2026-11-24T08:30:00Z',
    });
    const after = podNames(t.server, 'shop', 'frontend');
    expect(after).toHaveLength(3);
    expect(after.filter(name => before.includes(name))).toEqual([]);
  });

  it('changes the state after a rollout happened between two dry-runs', async () => {
    const req = request('rollout_restart', 'deployment/shop/frontend');
    const first = await t.executor.dryRun(req, executorContext());
    expect((await t.executor.dryRun(req, executorContext())).state).toEqual(
      first.state,
    );
    await t.executor.execute(req, executorContext());
    const after = await t.executor.dryRun(req, executorContext());
    expect(after.state).not.toEqual(first.state);
    expect(after.state).toMatchObject({ workload: { generation: 2 } });
  });
});

import {
  detailOf,
  executorContext,
  outcomes,
  podNames,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

describe('scale_deployment', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('passes a scale-down that keeps minAvailable', async () => {
    const result = await t.executor.dryRun(
      request('scale_deployment', 'deployment/shop/frontend', { replicas: 2 }),
      executorContext(),
    );
    expect(outcomes(result.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      pdb: 'pass',
    });
    expect(detailOf(result.checks, 'exists')).toBe(
      'deployment shop/frontend (3 ready): 3 → 2 replicas',
    );
    expect(result.state).toMatchObject({
      requestedReplicas: 2,
      workload: { replicas: 3, readyReplicas: 3 },
    });
  });

  it('fails a scale-down below minAvailable', async () => {
    const result = await t.executor.dryRun(
      request('scale_deployment', 'deployment/shop/frontend', { replicas: 1 }),
      executorContext(),
    );
    expect(outcomes(result.checks).pdb).toBe('fail');
    expect(detailOf(result.checks, 'pdb')).toContain(
      'PodDisruptionBudget shop/frontend-pdb (minAvailable 2): 3 healthy now, 1 after scaling, 2 required',
    );
  });

  it('passes a scale-up and warns when nothing would change', async () => {
    const up = await t.executor.dryRun(
      request('scale_deployment', 'deployment/data/postgres-db', {
        replicas: 2,
      }),
      executorContext(),
    );
    expect(outcomes(up.checks)).toMatchObject({ exists: 'pass', pdb: 'pass' });
    const same = await t.executor.dryRun(
      request('scale_deployment', 'deployment/data/postgres-db', {
        replicas: 1,
      }),
      executorContext(),
    );
    expect(outcomes(same.checks).exists).toBe('warn');
  });

  it.each([
    [{}, 'replicas: Required'],
    [{ replicas: -1 }, 'replicas: Number must be greater than or equal to 0'],
    [{ replicas: 1.5 }, 'replicas: Expected integer'],
    [{ replicas: 2, force: true }, "Unrecognized key(s) in object: 'force'"],
  ])('fails the params check for %j', async (params, message) => {
    const result = await t.executor.dryRun(
      request('scale_deployment', 'deployment/shop/frontend', params),
      executorContext(),
    );
    expect(result.checks).toEqual([
      {
        name: 'params',
        outcome: 'fail',
        detail: expect.stringContaining(message),
      },
    ]);
  });

  it('fails rbac without patch on deployments/scale', async () => {
    t.server.setRules([
      { verbs: ['get', 'list'], resources: ['*'] },
      { verbs: ['patch'], resources: ['deployments'], apiGroups: ['apps'] },
    ]);
    const result = await t.executor.dryRun(
      request('scale_deployment', 'deployment/shop/frontend', { replicas: 4 }),
      executorContext(),
    );
    expect(outcomes(result.checks).rbac).toBe('fail');
    expect(detailOf(result.checks, 'rbac')).toContain(
      'may not patch deployments/scale frontend',
    );
  });

  it('scales through the scale subresource', async () => {
    const outcome = await t.executor.execute(
      request('scale_deployment', 'deployment/shop/order-api', { replicas: 4 }),
      executorContext(),
    );
    expect(outcome).toEqual({
      ok: true,
      detail: 'scaled deployment shop/order-api from 2 to 4 replicas',
    });
    expect(podNames(t.server, 'shop', 'order-api')).toHaveLength(4);
  });

  it('changes the state when someone else scales between two dry-runs', async () => {
    const req = request('scale_deployment', 'deployment/shop/order-api', {
      replicas: 1,
    });
    const first = await t.executor.dryRun(req, executorContext());
    t.server.store.patch('Deployment', 'shop', 'order-api', {
      spec: { replicas: 3 },
    });
    const second = await t.executor.dryRun(req, executorContext());
    expect(second.state).not.toEqual(first.state);
    expect(second.state).toMatchObject({
      workload: { replicas: 3, readyReplicas: 3, generation: 2 },
    });
  });
});

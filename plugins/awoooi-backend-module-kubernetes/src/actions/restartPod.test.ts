import {
  crashLoop,
  detailOf,
  executorContext,
  outcomes,
  podNames,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

describe('restart_pod', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('passes every check for a pod of a Deployment and reads its owner chain', async () => {
    const [pod] = podNames(t.server, 'shop', 'order-api');
    const result = await t.executor.dryRun(
      request('restart_pod', `pod/shop/${pod}`),
      executorContext(),
    );
    expect(outcomes(result.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      pdb: 'pass',
    });
    expect(detailOf(result.checks, 'exists')).toContain(
      'of Deployment order-api',
    );
    expect(result.state).toMatchObject({
      cluster: 'demo',
      target: `demo:pod/shop/${pod}`,
      pod: { name: pod, ready: true },
      owner: { kind: 'ReplicaSet' },
      workload: {
        name: 'order-api',
        replicas: 2,
        readyReplicas: 2,
        generation: 1,
      },
      pdbs: [],
    });
  });

  it('fails the pdb check when the only ready pod is covered by minAvailable 1', async () => {
    const result = await t.executor.dryRun(
      request('restart_pod', 'deployment/data/postgres-db'),
      executorContext(),
    );
    expect(outcomes(result.checks)).toMatchObject({
      exists: 'pass',
      pdb: 'fail',
    });
    expect(detailOf(result.checks, 'pdb')).toBe(
      'would breach PodDisruptionBudget data/postgres-db-pdb (minAvailable 1): 1 healthy now, 0 while it restarts, 1 required',
    );
    expect(result.state.pdbs).toEqual([
      expect.objectContaining({ name: 'postgres-db-pdb', minAvailable: 1 }),
    ]);
  });

  it('passes the pdb check when enough pods stay healthy', async () => {
    const [pod] = podNames(t.server, 'shop', 'frontend');
    const result = await t.executor.dryRun(
      request('restart_pod', `pod/shop/${pod}`),
      executorContext(),
    );
    expect(outcomes(result.checks).pdb).toBe('pass');
    expect(detailOf(result.checks, 'pdb')).toContain(
      '3 healthy now, 2 while it restarts, 2 required',
    );
  });

  it('only warns for a pod that is not ready under a budget already breached', async () => {
    const [pod] = podNames(t.server, 'data', 'postgres-db');
    crashLoop(t.server, 'data', pod);
    const result = await t.executor.dryRun(
      request('restart_pod', 'deployment/data/postgres-db'),
      executorContext(),
    );
    expect(outcomes(result.checks).pdb).toBe('warn');
    expect(detailOf(result.checks, 'pdb')).toContain('already under budget');
    expect(detailOf(result.checks, 'exists')).toContain(
      `would restart pod data/${pod} (Running, not ready, 5 restarts`,
    );
  });

  it('refuses a bare pod in the dry-run and at execution', async () => {
    t.server.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug-shell', namespace: 'shop' },
      spec: { containers: [{ name: 'sh', image: 'busybox:1.36' }] },
    });
    const req = request('restart_pod', 'pod/shop/debug-shell');
    const result = await t.executor.dryRun(req, executorContext());
    expect(outcomes(result.checks).exists).toBe('fail');
    expect(detailOf(result.checks, 'exists')).toContain('has no controller');
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome.ok).toBe(false);
    expect(t.server.store.get('Pod', 'shop', 'debug-shell')).toBeDefined();
  });

  it('fails exists for a pod that is not there', async () => {
    const result = await t.executor.dryRun(
      request('restart_pod', 'pod/shop/order-api-gone'),
      executorContext(),
    );
    expect(outcomes(result.checks).exists).toBe('fail');
    expect(detailOf(result.checks, 'exists')).toBe(
      'pod shop/order-api-gone not found',
    );
  });

  it('fails rbac when the executor may not delete pods there', async () => {
    t.server.setRules([
      { verbs: ['get', 'list'], resources: ['*'] },
      { verbs: ['delete'], resources: ['pods'], namespaces: ['data'] },
    ]);
    const result = await t.executor.dryRun(
      request('restart_pod', 'deployment/shop/order-api'),
      executorContext(),
    );
    expect(outcomes(result.checks).rbac).toBe('fail');
    expect(detailOf(result.checks, 'rbac')).toContain(
      'may not delete pods in namespace shop',
    );
    expect(outcomes(result.checks).exists).toBe('pass');
  });

  it('deletes the pod; its ReplicaSet brings a new one', async () => {
    const [pod] = podNames(t.server, 'shop', 'order-api');
    const outcome = await t.executor.execute(
      request('restart_pod', `pod/shop/${pod}`),
      executorContext(),
    );
    expect(outcome).toEqual({
      ok: true,
      detail: expect.stringContaining(`deleted pod shop/${pod}`),
    });
    const after = podNames(t.server, 'shop', 'order-api');
    expect(after).toHaveLength(2);
    expect(after).not.toContain(pod);
  });

  it('picks the crash-looping pod of a deployment target at execution', async () => {
    const [healthy, sick] = podNames(t.server, 'shop', 'order-api');
    crashLoop(t.server, 'shop', sick);
    const outcome = await t.executor.execute(
      request('restart_pod', 'deployment/shop/order-api'),
      executorContext(),
    );
    expect(outcome.ok).toBe(true);
    const after = podNames(t.server, 'shop', 'order-api');
    expect(after).toContain(healthy);
    expect(after).not.toContain(sick);
  });

  it('keeps the state when nothing meaningful moved, and changes it when the workload did', async () => {
    const [pod] = podNames(t.server, 'shop', 'order-api');
    crashLoop(t.server, 'shop', pod, 3);
    const req = request('restart_pod', `pod/shop/${pod}`);
    const first = await t.executor.dryRun(req, executorContext());
    // The kubelet counting one more restart is not a reason to re-approve.
    crashLoop(t.server, 'shop', pod, 4);
    const second = await t.executor.dryRun(req, executorContext());
    expect(second.state).toEqual(first.state);

    t.server.store.patch('Deployment', 'shop', 'order-api', {
      spec: { replicas: 1 },
    });
    const third = await t.executor.dryRun(req, executorContext());
    expect(third.state).not.toEqual(first.state);
  });
});

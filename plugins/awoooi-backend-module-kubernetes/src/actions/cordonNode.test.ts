import {
  detailOf,
  executorContext,
  outcomes,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

describe('cordon_node', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('passes for a schedulable node while others remain', async () => {
    const result = await t.executor.dryRun(
      request('cordon_node', 'node/worker-1'),
      executorContext(),
    );
    expect(outcomes(result.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      capacity: 'pass',
      pdb: 'pass',
    });
    expect(detailOf(result.checks, 'exists')).toMatch(
      /^node worker-1 \(m5\.xlarge\): Ready, schedulable, \d+ running pods$/,
    );
    expect(result.state).toMatchObject({
      node: { name: 'worker-1', unschedulable: false, ready: true },
      otherSchedulableNodes: 2,
    });
  });

  it('cordons the node; a second dry-run warns and shows a different state', async () => {
    const req = request('cordon_node', 'node/worker-2');
    const before = await t.executor.dryRun(req, executorContext());
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome).toEqual({ ok: true, detail: 'cordoned node worker-2' });
    expect(
      t.server.store.read('Node', undefined, 'worker-2').spec.unschedulable,
    ).toBe(true);
    const after = await t.executor.dryRun(req, executorContext());
    expect(outcomes(after.checks).exists).toBe('warn');
    expect(after.state).not.toEqual(before.state);
  });

  it('fails capacity when no other schedulable node would remain', async () => {
    for (const name of ['worker-1', 'worker-2']) {
      t.server.store.patch('Node', undefined, name, {
        spec: { unschedulable: true },
      });
    }
    const result = await t.executor.dryRun(
      request('cordon_node', 'node/worker-3'),
      executorContext(),
    );
    expect(outcomes(result.checks).capacity).toBe('fail');
  });

  it('fails rbac when nodes may not be patched, and exists for an unknown node', async () => {
    t.server.setRules([{ verbs: ['get', 'list'], resources: ['*'] }]);
    const denied = await t.executor.dryRun(
      request('cordon_node', 'node/worker-1'),
      executorContext(),
    );
    expect(outcomes(denied.checks).rbac).toBe('fail');
    expect(detailOf(denied.checks, 'rbac')).toContain(
      'may not patch nodes worker-1',
    );
    const missing = await t.executor.dryRun(
      request('cordon_node', 'node/worker-9'),
      executorContext(),
    );
    expect(outcomes(missing.checks).exists).toBe('fail');
  });
});

import {
  executorContext,
  outcomes,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

describe('uncordon_node', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('undoes a cordon: the field and the unschedulable taint go', async () => {
    await t.executor.execute(
      request('cordon_node', 'node/worker-1'),
      executorContext(),
    );
    const req = request('uncordon_node', 'node/worker-1');
    const dry = await t.executor.dryRun(req, executorContext());
    expect(outcomes(dry.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      capacity: 'pass',
      pdb: 'pass',
    });
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome).toEqual({ ok: true, detail: 'uncordoned node worker-1' });
    const node = t.server.store.read('Node', undefined, 'worker-1');
    expect(node.spec.unschedulable).toBeUndefined();
    expect(node.spec.taints).toBeUndefined();
  });

  it('warns when the node is already schedulable', async () => {
    const dry = await t.executor.dryRun(
      request('uncordon_node', 'node/worker-2'),
      executorContext(),
    );
    expect(outcomes(dry.checks).exists).toBe('warn');
  });
});

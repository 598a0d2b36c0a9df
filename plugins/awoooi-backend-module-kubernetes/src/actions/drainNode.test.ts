import {
  detailOf,
  executorContext,
  outcomes,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

function podsOnNode(t: TestCluster, node: string) {
  return t.server.store
    .list('Pod', undefined, { fieldSelector: `spec.nodeName=${node}` })
    .map(p => `${p.metadata.namespace}/${p.metadata.name}`)
    .sort();
}

function nodeOfPostgres(t: TestCluster): string {
  const [pod] = t.server.store.list('Pod', 'data', {
    labelSelector: 'app=postgres-db',
  });
  return pod.spec.nodeName;
}

describe('drain_node', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('lists the evictions and the budget that blocks them in the dry-run', async () => {
    const node = nodeOfPostgres(t);
    const result = await t.executor.dryRun(
      request('drain_node', `node/${node}`),
      executorContext(),
    );
    expect(outcomes(result.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      capacity: 'pass',
      evictions: 'pass',
      pdb: 'fail',
    });
    const onNode = podsOnNode(t, node);
    expect(detailOf(result.checks, 'evictions')).toBe(
      `would evict ${onNode.length} pod(s): ${onNode.slice(0, 8).join(', ')}${
        onNode.length > 8 ? ` and ${onNode.length - 8} more` : ''
      }`,
    );
    expect(detailOf(result.checks, 'pdb')).toMatch(
      /PodDisruptionBudget data\/postgres-db-pdb \(minAvailable 1\) allows no disruption \(1 healthy, 1 required\) and blocks data\/postgres-db-/,
    );
    expect(result.state).toMatchObject({ node: { name: node } });
  });

  it('cordons, evicts through the Eviction API and reports the 429 of the budget', async () => {
    const node = nodeOfPostgres(t);
    const before = podsOnNode(t, node);
    const outcome = await t.executor.execute(
      request('drain_node', `node/${node}`, { timeoutSeconds: 1 }),
      executorContext(),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(
      /not evicted: data\/postgres-db-\S+ refused: The disruption budget postgres-db-pdb needs 1 healthy pods and has 1 currently/,
    );
    expect(
      t.server.store.read('Node', undefined, node).spec.unschedulable,
    ).toBe(true);
    const after = podsOnNode(t, node);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/^data\/postgres-db-/);
    // Every other pod was replaced on another node.
    expect(before.length).toBeGreaterThan(1);
  });

  it('empties a node without blocking budgets; uncordon_node undoes the cordon', async () => {
    const node = ['worker-1', 'worker-2', 'worker-3'].find(
      n => n !== nodeOfPostgres(t),
    )!;
    const dry = await t.executor.dryRun(
      request('drain_node', `node/${node}`),
      executorContext(),
    );
    expect(outcomes(dry.checks).pdb).toBe('pass');
    const outcome = await t.executor.execute(
      request('drain_node', `node/${node}`),
      executorContext(),
    );
    expect(outcome.ok).toBe(true);
    expect(podsOnNode(t, node)).toEqual([]);
    await t.executor.execute(
      request('uncordon_node', `node/${node}`),
      executorContext(),
    );
    expect(
      t.server.store.read('Node', undefined, node).spec.unschedulable,
    ).toBeUndefined();
  });

  it('refuses a node with a bare pod, changing nothing', async () => {
    t.server.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'one-off', namespace: 'shop' },
      spec: {
        nodeName: 'worker-1',
        containers: [{ name: 'c', image: 'busybox' }],
      },
    });
    const req = request('drain_node', 'node/worker-1');
    const dry = await t.executor.dryRun(req, executorContext());
    expect(outcomes(dry.checks).evictions).toBe('fail');
    expect(detailOf(dry.checks, 'evictions')).toContain('shop/one-off');
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome.ok).toBe(false);
    expect(
      t.server.store.read('Node', undefined, 'worker-1').spec.unschedulable,
    ).toBeUndefined();
  });

  it('fails rbac without create on pods/eviction', async () => {
    t.server.setRules([{ verbs: ['get', 'list', 'patch'], resources: ['*'] }]);
    const result = await t.executor.dryRun(
      request('drain_node', 'node/worker-1'),
      executorContext(),
    );
    expect(detailOf(result.checks, 'rbac')).toContain(
      'may not create pods/eviction',
    );
  });
});

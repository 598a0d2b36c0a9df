import {
  detailOf,
  executorContext,
  outcomes,
  podNames,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

function addBarePod(t: TestCluster, name: string) {
  t.server.store.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', labels: { app: 'legacy-api' } },
    spec: {
      containers: [
        {
          name: 'legacy-api',
          image: 'acme/legacy-api:0.3.1',
          resources: { requests: { cpu: '500m', memory: '1Gi' } },
        },
      ],
    },
  });
}

describe('delete_pod', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
    addBarePod(t, 'legacy-api-5d7b8');
  });
  afterEach(() => t.server.close());

  it('dry-runs a bare pod, then deletes it for good', async () => {
    const req = request('delete_pod', 'pod/shop/legacy-api-5d7b8');
    const dry = await t.executor.dryRun(req, executorContext());
    expect(outcomes(dry.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      pdb: 'pass',
    });
    expect(detailOf(dry.checks, 'exists')).toMatch(
      /^bare pod shop\/legacy-api-5d7b8 \(Running, ready on worker-\d\); nothing recreates it$/,
    );
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome.ok).toBe(true);
    expect(
      t.server.store.get('Pod', 'shop', 'legacy-api-5d7b8'),
    ).toBeUndefined();
    expect(podNames(t.server, 'shop', 'legacy-api')).toEqual([]);
  });

  it('refuses a pod a controller manages, in the dry-run and at execution', async () => {
    const [managed] = podNames(t.server, 'shop', 'order-api');
    const req = request('delete_pod', `pod/shop/${managed}`);
    const dry = await t.executor.dryRun(req, executorContext());
    expect(outcomes(dry.checks).exists).toBe('fail');
    expect(detailOf(dry.checks, 'exists')).toContain('use restart_pod');
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome.ok).toBe(false);
    expect(podNames(t.server, 'shop', 'order-api')).toContain(managed);
  });

  it('fails a budget that would lose its only healthy pod, and an unknown pod', async () => {
    t.server.store.create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'legacy-pdb', namespace: 'shop' },
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { app: 'legacy-api' } },
      },
    });
    const guarded = await t.executor.dryRun(
      request('delete_pod', 'pod/shop/legacy-api-5d7b8'),
      executorContext(),
    );
    expect(outcomes(guarded.checks).pdb).toBe('fail');
    const missing = await t.executor.dryRun(
      request('delete_pod', 'pod/shop/nope'),
      executorContext(),
    );
    expect(outcomes(missing.checks).exists).toBe('fail');
  });
});

import {
  detailOf,
  executorContext,
  outcomes,
  request,
  startDemoCluster,
  TestCluster,
} from '../__testUtils__/cluster';

describe('delete_pvc', () => {
  let t: TestCluster;
  beforeEach(async () => {
    t = await startDemoCluster();
  });
  afterEach(() => t.server.close());

  it('passes for the orphaned claim and records its resourceVersion', async () => {
    const result = await t.executor.dryRun(
      request('delete_pvc', 'pvc/data/old-reports-data'),
      executorContext(),
    );
    expect(outcomes(result.checks)).toEqual({
      params: 'pass',
      rbac: 'pass',
      exists: 'pass',
      in_use: 'pass',
      pdb: 'pass',
    });
    expect(detailOf(result.checks, 'exists')).toBe(
      'claim data/old-reports-data (Bound, 200Gi, storage class standard)',
    );
    const claim = t.server.store.read(
      'PersistentVolumeClaim',
      'data',
      'old-reports-data',
    );
    expect(result.state).toMatchObject({
      claim: {
        resourceVersion: claim.metadata.resourceVersion,
        phase: 'Bound',
      },
      mountedBy: [],
    });
  });

  it('fails in_use for a claim a database pod mounts, and refuses to delete it', async () => {
    const req = request('delete_pvc', 'pvc/data/postgres-db-data');
    const result = await t.executor.dryRun(req, executorContext());
    expect(outcomes(result.checks).in_use).toBe('fail');
    expect(detailOf(result.checks, 'in_use')).toMatch(
      /^mounted by pod postgres-db-/,
    );
    const outcome = await t.executor.execute(req, executorContext());
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toContain('refused');
    expect(
      t.server.store.get('PersistentVolumeClaim', 'data', 'postgres-db-data'),
    ).toBeDefined();
  });

  it('fails exists for a claim that is not there', async () => {
    const result = await t.executor.dryRun(
      request('delete_pvc', 'pvc/data/nothing'),
      executorContext(),
    );
    expect(outcomes(result.checks).exists).toBe('fail');
    expect(result.checks.map(c => c.name)).toEqual([
      'params',
      'rbac',
      'exists',
    ]);
  });

  it('fails rbac without delete on persistentvolumeclaims', async () => {
    t.server.setRules([{ verbs: ['get', 'list'], resources: ['*'] }]);
    const result = await t.executor.dryRun(
      request('delete_pvc', 'pvc/data/old-reports-data'),
      executorContext(),
    );
    expect(outcomes(result.checks).rbac).toBe('fail');
  });

  it('deletes the orphaned claim', async () => {
    const outcome = await t.executor.execute(
      request('delete_pvc', 'pvc/data/old-reports-data'),
      executorContext(),
    );
    expect(outcome.ok).toBe(true);
    expect(
      t.server.store.get('PersistentVolumeClaim', 'data', 'old-reports-data'),
    ).toBeUndefined();
  });

  it('changes the state when the claim changed between two dry-runs', async () => {
    const req = request('delete_pvc', 'pvc/data/old-reports-data');
    const first = await t.executor.dryRun(req, executorContext());
    expect((await t.executor.dryRun(req, executorContext())).state).toEqual(
      first.state,
    );
    t.server.store.patch('PersistentVolumeClaim', 'data', 'old-reports-data', {
      metadata: { annotations: { 'backup.acme.example/keep': 'true' } },
    });
    const second = await t.executor.dryRun(req, executorContext());
    expect(second.state).not.toEqual(first.state);
  });
});

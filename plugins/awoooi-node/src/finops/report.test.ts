import { buildFinOpsReport } from './report';
import { finOpsRecommendationId } from './recommendationId';
import { exampleInput, pod, TEST_PRICES } from './testData';

describe('buildFinOpsReport', () => {
  /*
   * Hand-computed, prices: vCPU 0.05/h, GiB 0.01/h, storage 0.10/GiB-month,
   * m5.2xlarge 0.36/h (factor 0.36 / (8 × 0.05 + 32 × 0.01) = 0.36 / 0.72 = 0.5).
   *
   * node ip-10-0-1-10: requested 6.4/8 CPU = 80 % ≥ 70 %, used 1/8 = 12.5 % and
   *   6/32 = 18.75 % ≤ 25 % → over-provisioned.
   *   CPU waste 6.4 − 1 × 1.2 = 5.2, memory 20 − 6 × 1.2 = 12.8
   *   (5.2 × 0.05 + 12.8 × 0.01) × 0.5 × 730 = (0.26 + 0.128) × 365 = 141.62
   * zombie notification-worker, 2 pods idle 8 days (0.0025 < 1 % of 0.5 = 0.005):
   *   per pod CPU 0.5 − 0.0025 × 1.2 = 0.497, memory 1 − 0.25 × 1.2 = 0.7
   *   (0.497 × 0.05 + 0.7 × 0.01) × 730 = 0.03185 × 730 = 23.2505; × 2 = 46.501 → 46.50
   * orphaned PVC search-index-old: 100 GiB × 0.10 = 10.00
   *
   * monthly 141.62 + 46.50 + 10.00 = 198.12; without a node-resize action only
   * the PVC is realizable: 10.00; freed 141.62 + 46.50 = 188.12; annual 10 × 12 = 120
   */
  it('prices the example cluster to the cent', () => {
    const report = buildFinOpsReport(exampleInput(), TEST_PRICES, {
      generatedAt: '2026-11-25T02:00:00Z',
    });
    expect(report).toMatchObject({
      scope: 'demo',
      currency: 'USD',
      monthlyWaste: 198.12,
      realizable: 10,
      freed: 188.12,
      annual: 120,
      history: [],
      generatedAt: '2026-11-25T02:00:00Z',
    });
    expect(
      report.recommendations.map(r => [r.kind, r.resource, r.monthlyCost]),
    ).toEqual([
      ['overprovisioned_node', 'node/ip-10-0-1-10', 141.62],
      ['zombie_pod', 'deployment/shop/notification-worker', 46.5],
      ['orphaned_pvc', 'pvc/data/search-index-old', 10],
    ]);
  });

  it('gives each recommendation its action, risk, kind of saving and entity', () => {
    const [node, zombie, pvc] = buildFinOpsReport(
      exampleInput(),
      TEST_PRICES,
    ).recommendations;
    expect(node).toMatchObject({
      action: 'drain_node',
      risk: 'HIGH',
      realizable: false,
      entityRef: null,
      cluster: 'demo',
      proposalId: null,
      detail:
        'm5.2xlarge: 80% CPU and 63% memory requested, 13% and 19% used; 5.20 vCPU and 12.80 GiB above need at m5.2xlarge price',
    });
    expect(zombie).toMatchObject({
      action: 'scale_deployment',
      risk: 'MEDIUM',
      realizable: false,
      entityRef: 'component:default/notification-worker',
      params: { replicas: 0 },
      detail:
        '2 of 2 pods of notification-worker idle for 8+ days (CPU < 1% of request); scaling down frees 0.99 vCPU and 1.40 GiB',
    });
    expect(pvc).toMatchObject({
      action: 'delete_pvc',
      risk: 'HIGH',
      realizable: true,
      entityRef: 'resource:default/search-index',
      detail: '100 GiB gp3 volume bound to no pod',
    });
  });

  it('keeps ids stable across scans and distinct across resources', () => {
    const first = buildFinOpsReport(exampleInput(), TEST_PRICES);
    const second = buildFinOpsReport(exampleInput(), TEST_PRICES);
    expect(second.recommendations.map(r => r.id)).toEqual(
      first.recommendations.map(r => r.id),
    );
    expect(new Set(first.recommendations.map(r => r.id)).size).toBe(3);
    expect(first.recommendations[2].id).toBe(
      finOpsRecommendationId(
        'orphaned_pvc',
        'demo',
        'pvc/data/search-index-old',
      ),
    );
    expect(first.recommendations[2].id).toMatch(/^finops-[0-9a-f]{16}$/);
    expect(
      finOpsRecommendationId(
        'orphaned_pvc',
        'other',
        'pvc/data/search-index-old',
      ),
    ).not.toBe(first.recommendations[2].id);
  });

  it('prices an unknown node type at list prices', () => {
    const input = exampleInput();
    input.nodes[0].nodeType = 'custom.metal';
    // (0.26 + 0.128) × 730 = 283.24
    const node = buildFinOpsReport(input, TEST_PRICES).recommendations[0];
    expect(node.monthlyCost).toBe(283.24);
    expect(node.detail).toMatch(/at list prices$/);
  });

  it('counts a zombie on an over-provisioned node once, at that node’s rate', () => {
    const input = exampleInput();
    for (const p of input.pods.slice(0, 2)) p.nodeName = 'ip-10-0-1-10';
    const report = buildFinOpsReport(input, TEST_PRICES);
    const byKind = Object.fromEntries(
      report.recommendations.map(r => [r.kind, r.monthlyCost]),
    );
    // zombies at factor 0.5: 46.501 × 0.5 = 23.2505 → 23.25
    expect(byKind.zombie_pod).toBe(23.25);
    // node without them: CPU (6.4 − 1) − (1 − 0.005) × 1.2 = 5.4 − 1.194 = 4.206,
    // memory (20 − 2) − (6 − 0.5) × 1.2 = 18 − 6.6 = 11.4;
    // (4.206 × 0.05 + 11.4 × 0.01) × 0.5 × 730 = 0.3243 × 365 = 118.3695 → 118.37
    expect(byKind.overprovisioned_node).toBe(118.37);
    // Together exactly the node's waste of the first test.
    expect(byKind.zombie_pod + byKind.overprovisioned_node).toBe(141.62);
    expect(report.recommendations[0].detail).toMatch(
      /, 2 zombie pods counted separately$/,
    );
  });

  it('suggests deleting a zombie bare pod', () => {
    const input = exampleInput();
    input.pods = [
      pod({
        name: 'debug-shell',
        owner: null,
        dailyCpuCores: Array(7).fill(0),
        dailyMemoryGi: Array(7).fill(0),
      }),
    ];
    const zombie = buildFinOpsReport(input, TEST_PRICES).recommendations.find(
      r => r.kind === 'zombie_pod',
    );
    // (0.5 × 0.05 + 1 × 0.01) × 730 = 25.55
    expect(zombie).toMatchObject({
      resource: 'pod/shop/debug-shell',
      action: 'delete_pod',
      monthlyCost: 25.55,
      realizable: false,
      detail:
        'bare pod idle for 7+ days (CPU < 1% of request); deleting it frees 0.50 vCPU and 1.00 GiB',
    });
  });

  it('follows configured thresholds', () => {
    const report = buildFinOpsReport(exampleInput(), TEST_PRICES, {
      zombieMinDays: 6,
      nodeMaxActualShare: 0.1,
      bufferFactor: 1,
    });
    expect(report.recommendations.map(r => r.resource)).toEqual([
      'deployment/shop/notification-worker',
      'deployment/identity/auth-service',
      'pvc/data/search-index-old',
    ]);
    // buffer 1: (0.4975 × 0.05 + 0.75 × 0.01) × 730 × 2 = 0.032375 × 1460 = 47.2675 → 47.27
    expect(report.recommendations[0].monthlyCost).toBe(47.27);
  });

  it('leaves out findings worth less than a cent and sorts ties stably', () => {
    const input = exampleInput();
    input.nodes = [];
    input.pods = [];
    input.pvcs = [
      {
        namespace: 'b',
        name: 'x',
        storageGi: 10,
        storageClass: 'gp3',
        boundToPod: false,
      },
      {
        namespace: 'a',
        name: 'x',
        storageGi: 10,
        storageClass: 'gp3',
        boundToPod: false,
      },
      {
        namespace: 'a',
        name: 'tiny',
        storageGi: 0.04,
        storageClass: 'gp3',
        boundToPod: false,
      },
    ];
    const report = buildFinOpsReport(input, TEST_PRICES);
    expect(report.recommendations.map(r => r.resource)).toEqual([
      'pvc/a/x',
      'pvc/b/x',
    ]);
    expect(report.monthlyWaste).toBe(2);
  });

  it('reports nothing for a tidy cluster', () => {
    const report = buildFinOpsReport(
      { cluster: 'tidy', pvcs: [], pods: [pod()], nodes: [] },
      TEST_PRICES,
    );
    expect(report).toEqual({
      scope: 'tidy',
      currency: 'USD',
      monthlyWaste: 0,
      realizable: 0,
      freed: 0,
      annual: 0,
      recommendations: [],
      history: [],
      generatedAt: null,
    });
  });

  it('counts a node as realizable only when a resize action is configured and offered', () => {
    const offered = [
      'delete_pvc',
      'scale_deployment',
      'delete_pod',
      'resize_node',
    ];
    const withResize = buildFinOpsReport(exampleInput(), TEST_PRICES, {
      nodeResizeAction: 'resize_node',
      offeredActions: offered,
    });
    expect(withResize.recommendations[0]).toMatchObject({
      kind: 'overprovisioned_node',
      action: 'resize_node',
      realizable: true,
    });
    // 141.62 + 10.00 realizable, 46.50 freed, (151.62 × 12) a year.
    expect(withResize).toMatchObject({
      realizable: 151.62,
      freed: 46.5,
      annual: 1819.44,
    });
    const notOffered = buildFinOpsReport(exampleInput(), TEST_PRICES, {
      nodeResizeAction: 'resize_node',
      offeredActions: ['delete_pvc'],
    });
    expect(notOffered.recommendations[0]).toMatchObject({
      action: 'drain_node',
      realizable: false,
    });
    const noExecutor = buildFinOpsReport(exampleInput(), TEST_PRICES, {
      offeredActions: [],
    });
    expect(noExecutor.realizable).toBe(0);
  });
});

import { assessMetrics } from './metricEvidence';
import { AT, MINUTE, series } from './testSeries';

describe('assessMetrics', () => {
  it('gathers anomalous signals per entity, strongest first, and who was measured', () => {
    const slow = (factor: number) =>
      series({
        level: 0.1,
        noise: 0.05,
        shape: (t, v) => (t >= AT + 5 * MINUTE ? v * factor : v),
      });
    const evidence = assessMetrics(
      [
        {
          entityRef: 'resource:default/db',
          signal: 'latency.p50',
          samples: slow(2),
        },
        {
          entityRef: 'resource:default/db',
          signal: 'latency.p99',
          samples: slow(8),
        },
        {
          entityRef: 'component:default/api',
          signal: 'latency',
          samples: slow(1),
        },
        {
          entityRef: 'component:default/web',
          signal: 'latency',
          samples: slow(1).slice(-3),
        },
        {
          entityRef: 'component:default/web',
          signal: 'throughput',
          samples: slow(9),
        },
      ],
      { at: AT },
    );
    expect([...evidence.measured].sort()).toEqual([
      'component:default/api',
      'resource:default/db',
    ]);
    expect([...evidence.anomalies.keys()]).toEqual(['resource:default/db']);
    expect(
      evidence.anomalies.get('resource:default/db')?.map(a => a.signal),
    ).toEqual(['latency.p99', 'latency.p50']);
  });
});

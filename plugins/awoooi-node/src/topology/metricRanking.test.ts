import type { Entity } from '@backstage/catalog-model';
import type { SignalAnomaly } from '../anomaly';
import { buildTopologyGraph } from './TopologyGraph';
import { analyzeTopology } from './analyzeTopology';
import { component, resource, unhealthy } from './__testUtils__/catalog';

const T0 = Date.UTC(2026, 10, 24, 14, 0);
const MINUTE = 60_000;

const ref = (name: string) =>
  name.startsWith('db') || name.startsWith('cache') || name.startsWith('queue')
    ? `resource:default/${name}`
    : `component:default/${name}`;

function anomaly(
  minutes: number,
  score = 10,
  signal = 'latency.p90',
): SignalAnomaly {
  return {
    signal,
    score,
    onset: T0 + minutes * MINUTE,
    earliestOnset: T0 + minutes * MINUTE,
    baseline: 0.2,
    value: 1.24,
    direction: 'up',
  };
}

/**
 * web → svc-a → cache-x, web → svc-b → db-y, web → queue-q; svc-b → db-y.
 * Every entity is measured unless said otherwise.
 */
function catalog(): Entity[] {
  return [
    component('web', { dependsOn: ['svc-a', 'svc-b', 'resource:queue-q'] }),
    component('svc-a', { dependsOn: ['resource:cache-x'] }),
    component('svc-b', { dependsOn: ['resource:db-y'] }),
    resource('cache-x', 'cache'),
    resource('db-y', 'database'),
    resource('queue-q', 'queue'),
  ];
}

function analyze(
  anomalies: Record<string, SignalAnomaly[]>,
  options: { health?: string[]; measured?: string[]; target?: string } = {},
) {
  const all = ['web', 'svc-a', 'svc-b', 'cache-x', 'db-y', 'queue-q'];
  return analyzeTopology(buildTopologyGraph(catalog()), {
    target: ref(options.target ?? 'web'),
    health: unhealthy(...(options.health ?? []).map(ref)),
    metrics: {
      anomalies: new Map(
        Object.entries(anomalies).map(([n, a]) => [ref(n), a]),
      ),
      measured: new Set((options.measured ?? all).map(ref)),
    },
  });
}

const order = (result: ReturnType<typeof analyze>) =>
  result.rootCauses.map(
    c => `${c.entityRef.split('/')[1]}${c.symptom ? '*' : ''}`,
  );

describe('analyzeTopology with metric evidence', () => {
  it('names an anomalous dependency that has no alert, with its evidence', () => {
    const result = analyze({ 'db-y': [anomaly(0, 31.5)] });
    expect(result.rootCauses).toEqual([
      {
        entityRef: 'resource:default/db-y',
        rank: 1,
        priority: 'database',
        distance: 2,
        symptom: false,
        path: [
          'component:default/web',
          'component:default/svc-b',
          'resource:default/db-y',
        ],
        evidence: ['p90 latency 6.2× its usual since 2026-11-24T14:00:00.000Z'],
        anomalies: [
          {
            signal: 'latency.p90',
            score: 31.5,
            onset: '2026-11-24T14:00:00.000Z',
            baseline: 0.2,
            value: 1.24,
            direction: 'up',
          },
        ],
      },
    ]);
  });

  it('ranks a cause on an anomalous path before a stronger-class one off it', () => {
    // cache-x is anomalous but svc-a above it is quiet: noise, not the outage.
    const withMetrics = analyze({
      'svc-b': [anomaly(0)],
      'cache-x': [anomaly(-30, 50)],
    });
    expect(order(withMetrics)).toEqual(['svc-b', 'cache-x']);
    // An alert on svc-a puts cache-x on an unhealthy path again.
    const alerting = analyze(
      { 'svc-b': [anomaly(0)], 'cache-x': [anomaly(0)] },
      { health: ['svc-a'] },
    );
    expect(order(alerting)).toEqual(['cache-x', 'svc-b', 'svc-a*']);
  });

  it('ranks the earlier onset first, then the stronger anomaly, then the class', () => {
    expect(
      order(analyze({ 'queue-q': [anomaly(-10)], 'svc-a': [anomaly(0)] })),
    ).toEqual(['queue-q', 'svc-a']);
    expect(
      order(analyze({ 'queue-q': [anomaly(0)], 'svc-a': [anomaly(-10)] })),
    ).toEqual(['svc-a', 'queue-q']);
    expect(
      order(analyze({ 'queue-q': [anomaly(0, 8)], 'svc-a': [anomaly(0, 9)] })),
    ).toEqual(['svc-a', 'queue-q']);
    expect(
      order(analyze({ 'queue-q': [anomaly(0, 9)], 'svc-a': [anomaly(0, 9)] })),
    ).toEqual(['queue-q', 'svc-a']);
  });

  it('keeps causes before symptoms, whatever the evidence', () => {
    const result = analyze({
      'svc-b': [anomaly(-20, 90)],
      'db-y': [anomaly(-19, 6)],
    });
    expect(order(result)).toEqual(['db-y', 'svc-b*']);
  });

  it('does not explain a dependent by a dependency whose anomaly began clearly later', () => {
    const later = analyze({ 'svc-b': [anomaly(0)], 'db-y': [anomaly(30)] });
    expect(order(later)).toEqual(['svc-b', 'db-y']);
    // Within the onset tolerance they are simultaneous: the database explains it.
    const close = analyze({ 'svc-b': [anomaly(0)], 'db-y': [anomaly(4)] });
    expect(order(close)).toEqual(['db-y', 'svc-b*']);
  });

  it('lets a dependency explain a dependent when a gap hides when it began', () => {
    const gap = { ...anomaly(30), earliestOnset: T0 - 5 * MINUTE };
    const result = analyze({ 'svc-b': [anomaly(0)], 'db-y': [gap] });
    expect(order(result)).toEqual(['db-y', 'svc-b*']);
  });

  it('ranks anomalous candidates before alert-only ones', () => {
    const result = analyze({ 'svc-a': [anomaly(0)] }, { health: ['queue-q'] });
    expect(order(result)).toEqual(['svc-a', 'queue-q']);
  });

  it('names no cause on a quiet system, even with an alert on the target', () => {
    expect(analyze({}, { health: ['web'] }).rootCauses).toEqual([]);
    expect(analyze({ web: [] }).rootCauses).toEqual([]);
  });

  it('names the target itself only when its own signals are anomalous', () => {
    const self = analyze({ web: [anomaly(0, 12, 'errors')] });
    expect(self.rootCauses).toMatchObject([
      {
        entityRef: 'component:default/web',
        distance: 0,
        anomalies: [{ signal: 'errors' }],
      },
    ]);
    // Not measured: the alert decides, as without metrics.
    const unmeasured = analyze({}, { health: ['web'], measured: ['svc-a'] });
    expect(order(unmeasured)).toEqual(['web']);
  });

  it('names the target first when its own anomaly began clearly before anything below', () => {
    const later = analyze({ web: [anomaly(0)], 'db-y': [anomaly(20, 40)] });
    expect(order(later)).toEqual(['web', 'db-y']);
    expect(later.rootCauses[0]).toMatchObject({ distance: 0, rank: 1 });
    // Within the onset tolerance the database can explain it: as before.
    const close = analyze({ web: [anomaly(0)], 'db-y': [anomaly(4)] });
    expect(order(close)).toEqual(['db-y']);
    // So can a dependency that alerts without metric evidence.
    const alerting = analyze(
      { web: [anomaly(0)], 'db-y': [anomaly(20)] },
      { health: ['svc-a'] },
    );
    expect(order(alerting)).toEqual(['svc-a', 'db-y']);
  });

  it('ranks by alerts only as before when no candidate is anomalous', () => {
    const result = analyze(
      { web: [anomaly(0)] },
      { health: ['svc-b', 'queue-q'] },
    );
    expect(order(result)).toEqual(['queue-q', 'svc-b']);
    expect(result.rootCauses.every(c => c.anomalies === undefined)).toBe(true);
  });
});

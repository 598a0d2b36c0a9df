import { buildTopologyGraph } from '../topology/TopologyGraph';
import {
  api,
  component,
  resource,
  seedCatalog,
} from '../topology/__testUtils__/catalog';
import {
  CorrelationAlert,
  DEFAULT_CORRELATION_WINDOW_MS,
  correlateAlerts,
} from './correlateAlerts';
import { relatedEntities } from './reach';

const T0 = Date.parse('2026-11-29T03:00:00Z');
const MIN = 60_000;
const options = { maxDepth: 3, windowMs: DEFAULT_CORRELATION_WINDOW_MS };

let serial = 0;
function alert(
  entity: string | null,
  minutes = 0,
  fingerprint?: string,
): CorrelationAlert {
  serial += 1;
  return {
    fingerprint: fingerprint ?? `fp-${String(serial).padStart(4, '0')}`,
    entityRef: entity,
    startsAt: T0 + minutes * MIN,
  };
}

/** The partition as sorted lists of fingerprints, sorted, for comparison. */
function partition(incidents: Array<{ alerts: string[] }>) {
  return incidents.map(i => [...i.alerts].sort()).sort();
}

const svc = (name: string) => `component:default/${name}`;
const res = (name: string) => `resource:default/${name}`;

describe('correlateAlerts', () => {
  it('sees a dependency the catalog gained after an earlier correlation on the same graph', () => {
    const graph = buildTopologyGraph([
      component('checkout'),
      resource('orders-db', 'database'),
    ]);
    const alerts = [alert(svc('checkout'), 1), alert(res('orders-db'), 0)];
    expect(correlateAlerts(graph, alerts, options)).toHaveLength(2);
    graph.upsertEntity(
      component('checkout', { dependsOn: ['resource:orders-db'] }),
    );
    const [incident, ...rest] = correlateAlerts(graph, alerts, options);
    expect(rest).toEqual([]);
    expect(incident.rootCause).toBe(res('orders-db'));
    graph.removeEntity(res('orders-db'));
    graph.upsertEntity(component('checkout'));
    expect(correlateAlerts(graph, alerts, options)).toHaveLength(2);
  });

  it('relates an entity to a dependent the catalog gained after an earlier look on the same graph', () => {
    const graph = buildTopologyGraph([
      component('checkout'),
      resource('orders-db', 'database'),
    ]);
    expect([...relatedEntities(graph, res('orders-db'), 3)]).toEqual([
      res('orders-db'),
    ]);
    graph.upsertEntity(
      component('checkout', { dependsOn: ['resource:orders-db'] }),
    );
    expect([...relatedEntities(graph, res('orders-db'), 3)].sort()).toEqual([
      svc('checkout'),
      res('orders-db'),
    ]);
  });

  it('puts a chain outage in one incident whose root cause is the database', () => {
    // ingress → order-api → payment-service → payments-db
    const graph = buildTopologyGraph([
      component('ingress', { dependsOn: ['component:order-api'] }),
      component('order-api', { dependsOn: ['component:payment-service'] }),
      component('payment-service', { dependsOn: ['resource:payments-db'] }),
      resource('payments-db', 'database'),
    ]);
    const alerts = [
      alert(svc('ingress'), 3),
      alert(res('payments-db'), 0),
      alert(svc('order-api'), 2),
      alert(svc('payment-service'), 1),
      alert(res('payments-db'), 1),
    ];
    const [incident, ...rest] = correlateAlerts(graph, alerts, options);
    expect(rest).toEqual([]);
    expect(incident.rootCause).toBe(res('payments-db'));
    expect(incident.entities).toEqual([
      svc('ingress'),
      svc('order-api'),
      svc('payment-service'),
      res('payments-db'),
    ]);
    expect(incident.alerts).toHaveLength(5);
  });

  it('relates entities only within maxDepth hops', () => {
    const graph = buildTopologyGraph([
      component('a', { dependsOn: ['component:b'] }),
      component('b', { dependsOn: ['component:c'] }),
      component('c', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ]);
    const alerts = [alert(svc('a')), alert(res('db'))];
    expect(
      correlateAlerts(graph, alerts, { ...options, maxDepth: 2 }),
    ).toHaveLength(2);
    expect(
      correlateAlerts(graph, alerts, { ...options, maxDepth: 3 }),
    ).toHaveLength(1);
  });

  it('is transitive: a link in the middle joins both ends', () => {
    const graph = buildTopologyGraph([
      component('a', { dependsOn: ['component:b'] }),
      component('b', { dependsOn: ['component:c'] }),
      component('c', { dependsOn: ['component:d'] }),
      component('d', { dependsOn: ['component:e'] }),
      component('e', {}),
    ]);
    // a and e are 4 hops apart, more than maxDepth 2, but c links them.
    const a = alert(svc('a'), 0);
    const e = alert(svc('e'), 1);
    expect(
      correlateAlerts(graph, [a, e], { ...options, maxDepth: 2 }),
    ).toHaveLength(2);
    const c = alert(svc('c'), 2);
    const incidents = correlateAlerts(graph, [a, e, c], {
      ...options,
      maxDepth: 2,
    });
    expect(partition(incidents)).toEqual([
      [a.fingerprint, c.fingerprint, e.fingerprint].sort(),
    ]);
    expect(incidents[0].rootCause).toBe(svc('e'));
  });

  it('keeps alerts further apart than the window in separate incidents', () => {
    const graph = buildTopologyGraph([
      component('web', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ]);
    const early = alert(res('db'), 0);
    const late = alert(svc('web'), 11);
    expect(correlateAlerts(graph, [early, late], options)).toHaveLength(2);
    const bridge = alert(svc('web'), 6);
    // 0 → 6 → 11: each gap within 10 minutes, so all three belong together.
    expect(correlateAlerts(graph, [early, late, bridge], options)).toHaveLength(
      1,
    );
  });

  it('joins a diamond on its shared database', () => {
    const graph = buildTopologyGraph([
      component('top', {
        dependsOn: ['component:left', 'component:right'],
      }),
      component('left', { dependsOn: ['resource:db'] }),
      component('right', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ]);
    const incidents = correlateAlerts(
      graph,
      [alert(svc('left')), alert(svc('right')), alert(svc('top'))],
      options,
    );
    // Two services on one database, but the database is quiet: the shared
    // dependency relates neither to the other, `top` relates to both.
    expect(incidents).toHaveLength(1);
    expect(incidents[0].rootCause).toBe(svc('left'));
  });

  it('keeps siblings that share only a quiet dependency apart', () => {
    const graph = buildTopologyGraph([
      component('left', { dependsOn: ['resource:db'] }),
      component('right', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ]);
    const incidents = correlateAlerts(
      graph,
      [alert(svc('left')), alert(svc('right'))],
      options,
    );
    expect(incidents).toHaveLength(2);
    const joined = correlateAlerts(
      graph,
      [alert(svc('left')), alert(svc('right')), alert(res('db'), 1)],
      options,
    );
    expect(joined).toHaveLength(1);
    expect(joined[0].rootCause).toBe(res('db'));
  });

  it('counts an API consumer → provider as one hop and never lists the API', () => {
    const graph = buildTopologyGraph([
      component('frontend', { consumesApis: ['orders-rest'] }),
      api('orders-rest', {}),
      component('order-api', {
        providesApis: ['orders-rest'],
        dependsOn: ['resource:orders-db'],
      }),
      resource('orders-db', 'database'),
    ]);
    const incidents = correlateAlerts(
      graph,
      [alert(svc('frontend')), alert(res('orders-db'))],
      { ...options, maxDepth: 2 },
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0].entities).toEqual([svc('frontend'), res('orders-db')]);
    expect(
      correlateAlerts(
        graph,
        [alert(svc('frontend')), alert(res('orders-db'))],
        { ...options, maxDepth: 1 },
      ),
    ).toHaveLength(2);
  });

  it('survives a dependency cycle and still names one root cause', () => {
    const graph = buildTopologyGraph([
      component('a', { dependsOn: ['component:b'] }),
      component('b', { dependsOn: ['component:a', 'resource:cache'] }),
      resource('cache', 'cache'),
    ]);
    const cycleOnly = correlateAlerts(
      graph,
      [alert(svc('a')), alert(svc('b'))],
      options,
    );
    expect(cycleOnly).toHaveLength(1);
    // Both explain each other: ranking falls back to the ref.
    expect(cycleOnly[0].rootCause).toBe(svc('a'));
    const withCache = correlateAlerts(
      graph,
      [alert(svc('a')), alert(svc('b')), alert(res('cache'))],
      options,
    );
    expect(withCache[0].rootCause).toBe(res('cache'));
  });

  it('separates two independent outages at once, with noise and unmapped alerts', () => {
    const graph = buildTopologyGraph([
      ...seedCatalog(),
      component('lonely-batch', {}),
    ]);
    const [db1, db2] = [
      alert(res('postgres-db'), 0),
      alert(res('postgres-db'), 1),
    ];
    const up = [alert(svc('auth-service'), 1), alert(svc('frontend'), 2)];
    const other = [
      alert(svc('lonely-batch'), 1),
      alert(svc('lonely-batch'), 3),
    ];
    const unmapped = [alert(null, 0), alert(null, 0)];
    const incidents = correlateAlerts(
      graph,
      [...unmapped, other[1], db2, up[1], other[0], db1, up[0]],
      options,
    );
    expect(partition(incidents)).toEqual(
      partition([
        { alerts: [db1, db2, ...up].map(a => a.fingerprint) },
        { alerts: other.map(a => a.fingerprint) },
        { alerts: [unmapped[0].fingerprint] },
        { alerts: [unmapped[1].fingerprint] },
      ]),
    );
    const outage = incidents.find(i => i.alerts.includes(db1.fingerprint))!;
    expect(outage.rootCause).toBe(res('postgres-db'));
    const alone = incidents.filter(i => i.entities.length === 0);
    expect(alone.map(i => i.rootCause)).toEqual([null, null]);
  });

  it('ranks database > cache > queue > other resource > service among independent candidates', () => {
    const graph = buildTopologyGraph([
      component('api', {
        dependsOn: [
          'resource:db',
          'resource:cache',
          'resource:queue',
          'resource:bucket',
          'component:auth',
        ],
      }),
      resource('db', 'database'),
      resource('cache', 'cache'),
      resource('queue', 'queue'),
      resource('bucket', 's3-bucket'),
      component('auth', {}),
    ]);
    const order = [
      res('db'),
      res('cache'),
      res('queue'),
      res('bucket'),
      svc('auth'),
    ];
    for (let drop = 0; drop < order.length; drop++) {
      const members = order.slice(drop);
      const [incident] = correlateAlerts(
        graph,
        [alert(svc('api')), ...members.map(ref => alert(ref))],
        options,
      );
      expect(incident.rootCause).toBe(members[0]);
    }
  });

  it('does not depend on the order alerts arrive in', () => {
    const graph = buildTopologyGraph(seedCatalog());
    const alerts = [
      alert(res('postgres-db'), 0),
      alert(svc('auth-service'), 1),
      alert(svc('frontend'), 2),
      alert(svc('ingress'), 30),
      alert(svc('frontend'), 25),
    ];
    const expected = correlateAlerts(graph, alerts, options);
    const reversed = correlateAlerts(graph, [...alerts].reverse(), options);
    expect(reversed).toEqual(expected);
    expect(expected).toHaveLength(2);
  });
});

describe('correlateAlerts with groups', () => {
  it('keeps grouped alerts together and lets a new alert bridge two groups', () => {
    const graph = buildTopologyGraph([
      component('web', { dependsOn: ['resource:db', 'resource:cache'] }),
      resource('db', 'database'),
      resource('cache', 'cache'),
    ]);
    const old = { ...alert(res('db'), -60), group: 'incident-1' };
    const recent = { ...alert(res('db'), 0), group: 'incident-1' };
    const cache = { ...alert(res('cache'), 0), group: 'incident-2' };
    // db and cache are siblings: two incidents until web alerts.
    expect(correlateAlerts(graph, [old, recent, cache], options)).toHaveLength(
      2,
    );
    const web = alert(svc('web'), 1);
    const [merged, ...rest] = correlateAlerts(
      graph,
      [old, recent, cache, web],
      options,
    );
    expect(rest).toEqual([]);
    expect([...merged.alerts].sort()).toEqual(
      [old, recent, cache, web].map(a => a.fingerprint).sort(),
    );
    expect(merged.rootCause).toBe(res('db'));
  });
});

import type { Entity } from '@backstage/catalog-model';
import { buildTopologyGraph } from './TopologyGraph';
import { analyzeTopology } from './analyzeTopology';
import { UnknownEntityError } from './errors';
import {
  api,
  component,
  resource,
  seedCatalog,
  system,
  unhealthy,
} from './__testUtils__/catalog';

const FRONTEND = 'component:default/frontend';
const POSTGRES = 'resource:default/postgres-db';

function analyze(
  entities: Entity[],
  target: string,
  sick: string[],
  maxDepth?: number,
) {
  return analyzeTopology(buildTopologyGraph(entities), {
    target,
    health: unhealthy(...sick),
    maxDepth,
  });
}

const summary = (result: ReturnType<typeof analyze>) =>
  result.rootCauses.map(c => [c.rank, c.entityRef, c.symptom]);

describe('analyzeTopology on the seed topology', () => {
  it('finds the database two hops below the frontend and the ingress above it', () => {
    const result = analyze(seedCatalog(), FRONTEND, [POSTGRES]);

    expect(result.target).toBe(FRONTEND);
    expect(result.rootCauses).toEqual([
      {
        entityRef: POSTGRES,
        rank: 1,
        priority: 'database',
        distance: 2,
        symptom: false,
        // Services are walked in ref order, so auth-service reaches it first.
        path: [FRONTEND, 'component:default/auth-service', POSTGRES],
        evidence: [`${POSTGRES} is failing`],
      },
    ]);
    expect(result.blastRadius).toEqual([
      {
        entityRef: 'component:default/ingress',
        distance: 1,
        path: [FRONTEND, 'component:default/ingress'],
      },
    ]);
    expect(result.costPerHour).toBe(840);
  });

  it('counts the entities walked: both walks, APIs passed through included', () => {
    const result = analyze(seedCatalog(), FRONTEND, [POSTGRES]);
    // frontend, 3 APIs, 3 services, postgres-db, ingress; the system is not walked.
    expect(result.entitiesWalked).toBe(9);
  });

  it('reports the blast radius of the database through the APIs', () => {
    const result = analyze(seedCatalog(), POSTGRES, []);
    expect(result.rootCauses).toEqual([]);
    expect(result.blastRadius.map(e => [e.entityRef, e.distance])).toEqual([
      ['component:default/auth-service', 1],
      ['component:default/order-api', 1],
      ['component:default/product-api', 1],
      ['component:default/frontend', 2],
      ['component:default/ingress', 3],
    ]);
    expect(result.blastRadius[4].path).toEqual([
      POSTGRES,
      'component:default/auth-service',
      FRONTEND,
      'component:default/ingress',
    ]);
    expect(result.costPerHour).toBe(120 + 640 + 200);
  });
});

describe('root-cause candidates', () => {
  it('collects every unhealthy dependency, not only the first', () => {
    const entities = [
      component('web', { dependsOn: ['component:a', 'component:b'] }),
      component('a', { dependsOn: ['resource:db'] }),
      component('b', { dependsOn: ['resource:cache'] }),
      resource('db', 'database'),
      resource('cache', 'cache'),
    ];
    const result = analyze(entities, 'component:default/web', [
      'resource:default/db',
      'resource:default/cache',
    ]);
    expect(summary(result)).toEqual([
      [1, 'resource:default/db', false],
      [2, 'resource:default/cache', false],
    ]);
  });

  it('makes the target the root cause when it alone is unhealthy', () => {
    const result = analyze(seedCatalog(), FRONTEND, [FRONTEND]);
    expect(result.rootCauses).toEqual([
      {
        entityRef: FRONTEND,
        rank: 1,
        priority: 'service',
        distance: 0,
        symptom: false,
        path: [FRONTEND],
        evidence: [`${FRONTEND} is failing`],
      },
    ]);
  });

  it('leaves the target out when an unhealthy dependency explains it', () => {
    const result = analyze(seedCatalog(), FRONTEND, [FRONTEND, POSTGRES]);
    expect(result.rootCauses.map(c => c.entityRef)).toEqual([POSTGRES]);
  });

  it('ignores unhealthy entities above the target and unknown health refs', () => {
    const result = analyze(seedCatalog(), FRONTEND, [
      'component:default/ingress',
      'component:default/nowhere',
    ]);
    expect(result.rootCauses).toEqual([]);
  });

  it('accepts health and target refs in another case', () => {
    const result = analyzeTopology(buildTopologyGraph(seedCatalog()), {
      target: 'Component:default/Frontend',
      health: unhealthy('Resource:Default/Postgres-DB'),
    });
    expect(result.rootCauses.map(c => c.entityRef)).toEqual([POSTGRES]);
    expect(result.rootCauses[0].evidence).toEqual([
      'Resource:Default/Postgres-DB is failing',
    ]);
  });
});

describe('ranking', () => {
  it('puts probable causes before symptoms, whatever their priority', () => {
    // db-primary is a database but its volume below it is failing too;
    // the worker is only a service but nothing below it is unhealthy.
    const entities = [
      component('web', {
        dependsOn: ['resource:db-primary', 'component:worker'],
      }),
      resource('db-primary', 'database', { dependsOn: ['resource:volume'] }),
      resource('volume', 'storage'),
      component('worker'),
    ];
    const result = analyze(entities, 'component:default/web', [
      'resource:default/db-primary',
      'resource:default/volume',
      'component:default/worker',
    ]);
    expect(summary(result)).toEqual([
      [1, 'resource:default/volume', false],
      [2, 'component:default/worker', false],
      [3, 'resource:default/db-primary', true],
    ]);
    expect(result.rootCauses[0].priority).toBe('resource');
  });

  it('marks a service as a symptom of the database below it', () => {
    const result = analyze(seedCatalog(), FRONTEND, [
      'component:default/order-api',
      POSTGRES,
    ]);
    expect(summary(result)).toEqual([
      [1, POSTGRES, false],
      [2, 'component:default/order-api', true],
    ]);
  });

  it('orders database > cache > queue > other resource > service', () => {
    const deps = [
      'component:svc',
      'resource:bucket',
      'resource:queue',
      'resource:cache',
      'resource:db',
    ];
    const entities = [
      component('web', { dependsOn: deps }),
      component('svc'),
      resource('bucket', 'object-store'),
      resource('queue', 'queue'),
      resource('cache', 'cache'),
      resource('db', 'database'),
    ];
    const result = analyze(
      entities,
      'component:default/web',
      deps.map(d => d.replace(':', ':default/')),
    );
    expect(result.rootCauses.map(c => [c.entityRef, c.priority])).toEqual([
      ['resource:default/db', 'database'],
      ['resource:default/cache', 'cache'],
      ['resource:default/queue', 'queue'],
      ['resource:default/bucket', 'resource'],
      ['component:default/svc', 'service'],
    ]);
  });

  it('puts the nearer candidate first at equal priority, then orders by ref', () => {
    const entities = [
      component('web', {
        dependsOn: ['component:mid', 'resource:zeta-db', 'resource:alpha-db'],
      }),
      component('mid', { dependsOn: ['resource:near-db'] }),
      resource('zeta-db', 'database'),
      resource('alpha-db', 'database'),
      resource('near-db', 'database'),
    ];
    const result = analyze(entities, 'component:default/web', [
      'resource:default/near-db',
      'resource:default/zeta-db',
      'resource:default/alpha-db',
    ]);
    expect(result.rootCauses.map(c => [c.entityRef, c.distance])).toEqual([
      ['resource:default/alpha-db', 1],
      ['resource:default/zeta-db', 1],
      ['resource:default/near-db', 2],
    ]);
  });

  it('finds the explaining candidate maxDepth hops below the candidate, not below the target', () => {
    // web → a (unhealthy), web → db (unhealthy); a reaches db only in 3 hops,
    // further than web's remaining depth budget below a.
    const entities = [
      component('web', { dependsOn: ['component:a', 'resource:db'] }),
      component('a', { dependsOn: ['component:x'] }),
      component('x', { dependsOn: ['component:y'] }),
      component('y', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ];
    const sick = ['component:default/a', 'resource:default/db'];
    expect(summary(analyze(entities, 'component:default/web', sick))).toEqual([
      [1, 'resource:default/db', false],
      [2, 'component:default/a', true],
    ]);
    // One hop further than maxDepth below the candidate no longer counts.
    const longer = [
      ...entities.slice(0, 3),
      component('y', { dependsOn: ['component:z'] }),
      component('z', { dependsOn: ['resource:db'] }),
      entities[4],
    ];
    expect(summary(analyze(longer, 'component:default/web', sick))).toEqual([
      [1, 'resource:default/db', false],
      [2, 'component:default/a', false],
    ]);
  });
  it('picks among equally short paths by ref, whatever the declaration order', () => {
    const build = (order: string[]) => [
      component('web', { dependsOn: order }),
      component('b', { dependsOn: ['resource:db'] }),
      component('a', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ];
    for (const order of [
      ['component:a', 'component:b'],
      ['component:b', 'component:a'],
    ]) {
      const result = analyze(build(order), 'component:default/web', [
        'resource:default/db',
      ]);
      expect(result.rootCauses[0].path).toEqual([
        'component:default/web',
        'component:default/a',
        'resource:default/db',
      ]);
    }
  });
});

describe('what the walks follow', () => {
  it('treats an API as no hop and never lists it', () => {
    const result = analyze(seedCatalog(), FRONTEND, [
      'api:default/auth-rest',
      'component:default/auth-service',
    ]);
    expect(result.rootCauses).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/auth-service',
        distance: 1,
        path: [FRONTEND, 'component:default/auth-service'],
      }),
    ]);
    const upstream = analyze(seedCatalog(), 'component:default/order-api', []);
    expect(upstream.blastRadius.map(e => [e.entityRef, e.distance])).toEqual([
      [FRONTEND, 1],
      ['component:default/ingress', 2],
    ]);
  });

  it('walks from an API to its providers and consumers but never lists it', () => {
    const AUTH_REST = 'api:default/auth-rest';
    const result = analyze(seedCatalog(), AUTH_REST, [
      AUTH_REST,
      'component:default/auth-service',
    ]);
    expect(result.rootCauses.map(c => [c.entityRef, c.distance])).toEqual([
      ['component:default/auth-service', 1],
    ]);
    expect(result.blastRadius.map(e => [e.entityRef, e.distance])).toEqual([
      [FRONTEND, 1],
      ['component:default/ingress', 2],
    ]);
    expect(analyze(seedCatalog(), AUTH_REST, [AUTH_REST]).rootCauses).toEqual(
      [],
    );
  });

  it('does not walk partOf/hasPart', () => {
    const entities = [
      system('shop', '1000'),
      component('web', { system: 'shop', dependsOn: ['component:svc'] }),
      component('svc', { system: 'shop' }),
      component('other', { system: 'shop' }),
    ];
    const result = analyze(entities, 'component:default/svc', [
      'system:default/shop',
      'component:default/other',
    ]);
    expect(result.rootCauses).toEqual([]);
    expect(result.blastRadius.map(e => e.entityRef)).toEqual([
      'component:default/web',
    ]);
    expect(result.costPerHour).toBeNull();
    // A system as target has neither dependencies nor dependents.
    const ofSystem = analyze(entities, 'system:default/shop', [
      'component:default/web',
    ]);
    expect(ofSystem.rootCauses).toEqual([]);
    expect(ofSystem.blastRadius).toEqual([]);
  });

  it('terminates on cycles and lists each entity once', () => {
    const entities = [
      component('a', { dependsOn: ['component:b'] }),
      component('b', { dependsOn: ['component:c'] }),
      component('c', { dependsOn: ['component:a'] }),
    ];
    const result = analyze(entities, 'component:default/a', [], 10);
    expect(result.blastRadius.map(e => [e.entityRef, e.distance])).toEqual([
      ['component:default/c', 1],
      ['component:default/b', 2],
    ]);
    expect(result.entitiesWalked).toBe(3);
  });

  it('lets entities on an unhealthy cycle explain each other, but not what lies below', () => {
    const entities = [
      component('web', { dependsOn: ['component:a'] }),
      component('a', { dependsOn: ['component:b'] }),
      component('b', { dependsOn: ['component:a'] }),
    ];
    const cycle = ['component:default/a', 'component:default/b'];
    expect(summary(analyze(entities, 'component:default/web', cycle))).toEqual([
      [1, 'component:default/a', false],
      [2, 'component:default/b', false],
    ]);
    const withDb = [
      ...entities.slice(0, 2),
      component('b', { dependsOn: ['component:a', 'resource:db'] }),
      resource('db', 'database'),
    ];
    expect(
      summary(
        analyze(withDb, 'component:default/web', [
          ...cycle,
          'resource:default/db',
        ]),
      ),
    ).toEqual([
      [1, 'resource:default/db', false],
      [2, 'component:default/a', true],
      [3, 'component:default/b', true],
    ]);
  });

  it('stops at maxDepth both ways', () => {
    const chain = [
      component('top', { dependsOn: ['component:up2'] }),
      component('up2', { dependsOn: ['component:up1'] }),
      component('up1', { dependsOn: ['component:t'] }),
      component('t', { dependsOn: ['component:s1'] }),
      component('s1', { dependsOn: ['component:s2'] }),
      component('s2', { dependsOn: ['component:s3'] }),
      component('s3', { dependsOn: ['resource:db'] }),
      resource('db', 'database'),
    ];
    const sick = ['resource:default/db'];
    const atThree = analyze(chain, 'component:default/t', sick);
    expect(atThree.maxDepth).toBe(3);
    expect(atThree.rootCauses).toEqual([]);
    expect(atThree.blastRadius.map(e => e.entityRef)).toEqual([
      'component:default/up1',
      'component:default/up2',
      'component:default/top',
    ]);

    const atFour = analyze(chain, 'component:default/t', sick, 4);
    expect(atFour.rootCauses.map(c => [c.entityRef, c.distance])).toEqual([
      ['resource:default/db', 4],
    ]);

    const atOne = analyze(chain, 'component:default/t', sick, 1);
    expect(atOne.blastRadius.map(e => e.entityRef)).toEqual([
      'component:default/up1',
    ]);
    expect(atOne.entitiesWalked).toBe(3);
  });

  it('does not walk through refs that are not in the catalog', () => {
    const entities = [
      component('web', { dependsOn: ['component:ghost'] }),
      component('svc', { dependencyOf: ['component:ghost'] }),
    ];
    const result = analyze(entities, 'component:default/web', [
      'component:default/svc',
    ]);
    expect(result.rootCauses).toEqual([]);
    expect(result.entitiesWalked).toBe(1);
  });
});

describe('errors', () => {
  it('rejects an unknown target with a typed error', () => {
    const graph = buildTopologyGraph(seedCatalog());
    const run = () =>
      analyzeTopology(graph, {
        target: 'component:default/missing',
        health: new Map(),
      });
    expect(run).toThrow(UnknownEntityError);
    expect(run).toThrow('component:default/missing');
  });

  it('rejects a ref that is only referenced, never declared', () => {
    const graph = buildTopologyGraph([
      component('web', { dependsOn: ['component:ghost'] }),
    ]);
    expect(() =>
      analyzeTopology(graph, {
        target: 'component:default/ghost',
        health: new Map(),
      }),
    ).toThrow(UnknownEntityError);
  });

  it('rejects a negative or fractional maxDepth', () => {
    const graph = buildTopologyGraph(seedCatalog());
    for (const maxDepth of [-1, 1.5, NaN]) {
      expect(() =>
        analyzeTopology(graph, {
          target: FRONTEND,
          health: new Map(),
          maxDepth,
        }),
      ).toThrow(RangeError);
    }
  });
});

describe('burn rate', () => {
  it('sums the target and its blast radius only', () => {
    const entities = [
      component('edge', { dependsOn: ['component:web'] }, '100'),
      component('web', { dependsOn: ['resource:db'] }, '50.5'),
      resource('db', 'database', {}, '1000'),
      component('unrelated', {}, '7'),
    ];
    expect(analyze(entities, 'component:default/web', []).costPerHour).toBe(
      150.5,
    );
  });

  it('ignores invalid values and is null when nothing valid is declared', () => {
    const entities = [
      component('a', { dependsOn: ['component:web'] }, 'lots'),
      component('b', { dependsOn: ['component:web'] }, '-5'),
      component('c', { dependsOn: ['component:web'] }, ''),
      component('web'),
    ];
    expect(analyze(entities, 'component:default/web', []).costPerHour).toBe(
      null,
    );
    const withOne = [...entities, component('d', { dependsOn: ['web'] }, 30)];
    expect(analyze(withOne, 'component:default/web', []).costPerHour).toBe(30);
  });

  it('does not charge APIs passed through', () => {
    const entities = [
      component('consumer', { consumesApis: ['x'] }, '10'),
      {
        ...api('x'),
        metadata: {
          name: 'x',
          annotations: { 'awoooi.io/cost-per-hour': '99' },
        },
      },
      component('provider', { providesApis: ['x'] }, '1'),
    ];
    expect(
      analyze(entities, 'component:default/provider', []).costPerHour,
    ).toBe(11);
  });
});

import type { Entity } from '@backstage/catalog-model';
import { TopologyGraph, buildTopologyGraph } from './TopologyGraph';
import { analyzeTopology } from './analyzeTopology';
import {
  api,
  component,
  resource,
  seedCatalog,
  system,
} from './__testUtils__/catalog';

/** The seed catalog as the catalog API serves it: relations, no spec refs. */
function withCatalogRelations(entities: Entity[]): Entity[] {
  const ref = (e: Entity) =>
    `${e.kind.toLowerCase()}:default/${e.metadata.name}`;
  const relations = new Map<string, { type: string; targetRef: string }[]>(
    entities.map(e => [ref(e), []]),
  );
  const relate = (from: string, type: string, to: string, reverse: string) => {
    relations.get(from)?.push({ type, targetRef: to });
    relations.get(to)?.push({ type: reverse, targetRef: from });
  };
  for (const e of entities) {
    const spec = (e.spec ?? {}) as Record<string, any>;
    for (const d of spec.dependsOn ?? []) {
      relate(ref(e), 'dependsOn', d.replace(':', ':default/'), 'dependencyOf');
    }
    for (const a of spec.consumesApis ?? []) {
      relate(ref(e), 'consumesApi', `api:default/${a}`, 'apiConsumedBy');
    }
    for (const a of spec.providesApis ?? []) {
      relate(ref(e), 'providesApi', `api:default/${a}`, 'apiProvidedBy');
    }
    if (spec.system) {
      relate(ref(e), 'partOf', `system:default/${spec.system}`, 'hasPart');
    }
  }
  return entities.map(e => ({
    ...e,
    spec: { type: (e.spec as any)?.type ?? 'x' },
    relations: relations.get(ref(e)),
  }));
}

describe('TopologyGraph from entities', () => {
  it('reads spec fields with the default kind of each field', () => {
    const graph = buildTopologyGraph(seedCatalog());
    expect(graph.size).toBe(10);
    expect(graph.relations()).toEqual(
      expect.arrayContaining([
        {
          type: 'dependsOn',
          source: 'component:default/frontend',
          target: 'api:default/auth-rest',
        },
        {
          type: 'dependsOn',
          source: 'api:default/auth-rest',
          target: 'component:default/auth-service',
        },
        {
          type: 'dependsOn',
          source: 'component:default/order-api',
          target: 'resource:default/postgres-db',
        },
        {
          type: 'partOf',
          source: 'component:default/ingress',
          target: 'system:default/storefront',
        },
      ]),
    );
    expect(graph.relations()).toHaveLength(3 + 3 + 3 + 1 + 3);
  });

  it('builds the same graph from catalog relations as from spec fields', () => {
    const fromSpec = buildTopologyGraph(seedCatalog());
    const fromRelations = buildTopologyGraph(
      withCatalogRelations(seedCatalog()),
    );
    expect(fromRelations.relations()).toEqual(fromSpec.relations());
  });

  it('resolves short refs in the entity namespace and skips unusable ones', () => {
    const entity: Entity = {
      ...component('svc', {
        dependsOn: ['db', 'resource:ops/db', '', 42, 'a:b:c/'],
        consumesApis: 'single-api',
        system: 'shop',
      }),
    };
    entity.metadata.namespace = 'team-a';
    expect(buildTopologyGraph([entity]).relations()).toEqual([
      {
        type: 'dependsOn',
        source: 'component:team-a/svc',
        target: 'api:team-a/single-api',
      },
      {
        type: 'dependsOn',
        source: 'component:team-a/svc',
        target: 'component:team-a/db',
      },
      {
        type: 'dependsOn',
        source: 'component:team-a/svc',
        target: 'resource:ops/db',
      },
      {
        type: 'partOf',
        source: 'component:team-a/svc',
        target: 'system:team-a/shop',
      },
    ]);
  });

  it('keeps grouping for queries', () => {
    const graph = buildTopologyGraph(seedCatalog());
    expect(graph.groupsOf('component:default/frontend')).toEqual([
      'system:default/storefront',
    ]);
    expect(graph.partsOf('system:default/storefront')).toEqual([
      'component:default/frontend',
      'component:default/ingress',
      'resource:default/postgres-db',
    ]);
  });

  it('finds entities by name across kinds', () => {
    const graph = buildTopologyGraph([
      component('shop'),
      system('shop'),
      component('web', { dependsOn: ['component:ghost'] }),
    ]);
    expect(graph.findByName('Shop')).toEqual([
      'component:default/shop',
      'system:default/shop',
    ]);
    // Only referenced, not an entity.
    expect(graph.findByName('ghost')).toEqual([]);
    expect(graph.has('component:default/ghost')).toBe(false);
  });
});

describe('TopologyGraph updates', () => {
  it('replaces an entity and drops edges only it declared', () => {
    const graph = buildTopologyGraph(seedCatalog());
    graph.upsertEntity(
      component('order-api', { dependsOn: ['resource:queue'] }),
    );
    const edges = graph.relations();
    expect(edges).toContainEqual({
      type: 'dependsOn',
      source: 'component:default/order-api',
      target: 'resource:default/queue',
    });
    expect(edges).not.toContainEqual({
      type: 'dependsOn',
      source: 'component:default/order-api',
      target: 'resource:default/postgres-db',
    });
    expect(edges).not.toContainEqual(
      expect.objectContaining({ target: 'component:default/order-api' }),
    );
  });

  it('keeps an edge both ends declare until both stop declaring it', () => {
    const graph = buildTopologyGraph([
      component('a', { dependsOn: ['component:b'] }),
      component('b', { dependencyOf: ['component:a'] }),
    ]);
    expect(graph.removeEntity('component:default/a')).toBe(true);
    expect(graph.relations()).toHaveLength(1);
    graph.upsertEntity(component('b'));
    expect(graph.relations()).toEqual([]);
    expect(graph.entityRefs()).toEqual(['component:default/b']);
  });

  it('returns false when removing an entity it does not hold', () => {
    const graph = buildTopologyGraph([
      component('web', { dependsOn: ['component:ghost'] }),
    ]);
    expect(graph.removeEntity('component:default/ghost')).toBe(false);
    expect(graph.removeEntity('component:default/nothing')).toBe(false);
    expect(graph.size).toBe(1);
  });

  it('ends in the same graph and the same analyses as a fresh build', () => {
    const random = seededRandom(7);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const names = Array.from({ length: 60 }, (_, i) => `n${i}`);

    const makeEntity = (name: string): Entity => {
      const refs = (kind: string, count: number) =>
        Array.from({ length: count }, () => `${kind}:${pick(names)}`);
      const index = Number(name.slice(1));
      if (index % 10 === 0) return system(name, String(index));
      if (index % 5 === 0) return api(name);
      if (index % 4 === 0) {
        return resource(
          name,
          pick(['database', 'cache', 'queue', 'bucket']),
          { dependencyOf: refs('component', 1) },
          pick(['5', 'bad', undefined]),
        );
      }
      return component(
        name,
        {
          dependsOn: [
            ...refs('component', Math.floor(random() * 4)),
            ...refs('resource', Math.floor(random() * 3)),
          ],
          consumesApis: refs('api', Math.floor(random() * 2)).map(r =>
            r.slice(4),
          ),
          providesApis: random() < 0.3 ? [pick(names)] : [],
          system: pick(names),
        },
        pick(['10', '2.5', undefined]),
      );
    };

    const current = new Map<string, Entity>();
    for (const name of names.slice(0, 45)) current.set(name, makeEntity(name));
    const graph = buildTopologyGraph(current.values());

    const removed: boolean[] = [];
    for (let step = 0; step < 300; step++) {
      const name = pick(names);
      const ref = (e: Entity) =>
        `${e.kind.toLowerCase()}:default/${e.metadata.name}`;
      if (current.has(name) && random() < 0.35) {
        removed.push(graph.removeEntity(ref(current.get(name)!)));
        current.delete(name);
      } else {
        const entity = makeEntity(name);
        graph.upsertEntity(entity);
        current.set(name, entity);
      }
    }

    expect(removed.length).toBeGreaterThan(20);
    expect(removed.every(Boolean)).toBe(true);

    const fresh = buildTopologyGraph(current.values());
    expect(graph.size).toBe(current.size);
    expect(graph.entityRefs()).toEqual(fresh.entityRefs());
    expect(graph.relations()).toEqual(fresh.relations());
    // Placeholders nothing points at any more were freed.
    expect(graph.refs.filter(Boolean).sort()).toEqual(
      fresh.refs.filter(Boolean).sort(),
    );

    const refs = fresh.entityRefs();
    const health = new Map(
      refs.filter(() => random() < 0.3).map(r => [r, [`${r} down`]]),
    );
    for (const target of refs) {
      for (const maxDepth of [1, 3]) {
        expect(analyzeTopology(graph, { target, health, maxDepth })).toEqual(
          analyzeTopology(fresh, { target, health, maxDepth }),
        );
      }
    }
  });

  it('analyses correctly after the graph has grown past its first buffers', () => {
    const graph = new TopologyGraph();
    graph.upsertEntity(component('web', { dependsOn: ['component:s0'] }));
    expect(
      analyzeTopology(graph, {
        target: 'component:default/web',
        health: new Map(),
      }).entitiesWalked,
    ).toBe(1);
    for (let i = 0; i < 199; i++) {
      graph.upsertEntity(
        component(`s${i}`, { dependsOn: [`component:s${i + 1}`] }),
      );
    }
    graph.upsertEntity(component('s199', { dependsOn: ['resource:s200'] }));
    graph.upsertEntity(resource('s200', 'database'));
    const result = analyzeTopology(graph, {
      target: 'component:default/s196',
      health: new Map([['resource:default/s200', ['down']]]),
      maxDepth: 4,
    });
    expect(result.rootCauses.map(c => c.entityRef)).toEqual([
      'resource:default/s200',
    ]);
  });
});

/** Deterministic PRNG (mulberry32), so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

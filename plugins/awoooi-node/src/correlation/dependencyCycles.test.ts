import { buildTopologyGraph } from '../topology/TopologyGraph';
import { seededRandom } from '../anomaly/testSeries';
import { api, component, resource } from '../topology/__testUtils__/catalog';
import { onOneCycle } from './dependencyCycles';
import { reachable } from './reach';

const svc = (name: string) => `component:default/${name}`;

/** What the walks answer: each lies below the other. */
function mutuallyBelow(
  graph: ReturnType<typeof buildTopologyGraph>,
  a: string,
  b: string,
) {
  return (
    reachable(graph, a, 'down', Infinity).has(b) &&
    reachable(graph, b, 'down', Infinity).has(a)
  );
}

/** A deterministic random catalog of services, APIs and databases. */
function randomCatalog(seed: number, size: number) {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: size }, (_, i) => {
    if (i % 7 === 6) return api(`api-${i}`, { owner: 'x' });
    if (i % 5 === 4) return resource(`db-${i}`, 'database');
    const dependsOn = Array.from(
      { length: pick(3) },
      () => `component:s-${pick(size)}`,
    );
    const consumesApis = random() < 0.3 ? [`api-${pick(size)}`] : [];
    // Some services provide an API another service consumes: API hops.
    const providesApis = random() < 0.3 ? [`api-${pick(size)}`] : [];
    return component(`s-${i}`, { dependsOn, consumesApis, providesApis });
  });
}

describe('onOneCycle', () => {
  it('answers as the walks do, on random catalogs with cycles and API hops', () => {
    let cycles = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const graph = buildTopologyGraph(randomCatalog(seed, 60));
      const refs = graph.refs.filter(ref => graph.has(ref));
      for (const a of refs) {
        for (const b of refs) {
          if (a === b) continue;
          const expected = mutuallyBelow(graph, a, b);
          if (expected) cycles++;
          expect([a, b, onOneCycle(graph, a, b)]).toEqual([a, b, expected]);
        }
      }
    }
    // The catalogs are meant to have cycles; a test without them proves little.
    expect(cycles).toBeGreaterThan(0);
  });

  it('sees a cycle closed through an API, and one the catalog gained later', () => {
    const graph = buildTopologyGraph([
      component('a', { consumesApis: ['b-rest'] }),
      component('b', { providesApis: ['b-rest'] }),
      api('b-rest'),
    ]);
    expect(onOneCycle(graph, svc('a'), svc('b'))).toBe(false);
    graph.upsertEntity(
      component('b', { providesApis: ['b-rest'], dependsOn: ['component:a'] }),
    );
    expect(onOneCycle(graph, svc('a'), svc('b'))).toBe(true);
  });

  it('is false for an entity not in the catalog', () => {
    const graph = buildTopologyGraph([
      component('a', { dependsOn: ['component:ghost'] }),
    ]);
    expect(onOneCycle(graph, svc('a'), svc('ghost'))).toBe(false);
  });

  it('handles a chain deeper than the call stack', () => {
    const depth = 50_000;
    const entities = Array.from({ length: depth }, (_, i) =>
      component(`c${i}`, {
        dependsOn: [`component:c${(i + 1) % depth}`],
      }),
    );
    const graph = buildTopologyGraph(entities);
    expect(onOneCycle(graph, svc('c0'), svc(`c${depth - 1}`))).toBe(true);
  });
});

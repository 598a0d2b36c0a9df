import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { buildTopologyGraph } from '@awoooi/plugin-awoooi-node';
import { EditableCatalog } from '../__testUtils__/editableCatalog';
import { seedCatalog } from '../__testUtils__/seedCatalog';
import { CatalogGraphCache } from './CatalogGraphCache';

const ORDER_API = 'component:default/order-api';
const REDIS = 'resource:default/redis-cache';

/** A copy of `entity` as the catalog stores an edit: new content, new etag. */
function edited(entity: Entity, change: (e: Entity) => void): Entity {
  const copy: Entity = JSON.parse(JSON.stringify(entity));
  change(copy);
  copy.metadata.etag = `${copy.metadata.name}-2`;
  return copy;
}

function setup() {
  const catalog = new EditableCatalog(seedCatalog());
  const cache = new CatalogGraphCache(
    catalog.service,
    mockServices.auth(),
    mockServices.logger.mock(),
  );
  return { catalog, cache };
}

function fetchedRefs(catalog: EditableCatalog) {
  return catalog.calls
    .filter(c => c.method === 'getEntitiesByRefs')
    .flatMap(c => c.refs!);
}

describe('CatalogGraphCache delta refresh', () => {
  it('fetches only entities whose etag changed and applies them', async () => {
    const { catalog, cache } = setup();
    await cache.getGraph();
    catalog.calls = [];
    catalog.set(
      catalog.list.map(e =>
        e.metadata.name === 'order-api'
          ? edited(e, x => {
              (x.spec as any).dependsOn = ['resource:redis-cache'];
              x.metadata.annotations!['awoooi.io/alert-selector'] =
                'team=orders';
            })
          : e,
      ),
    );

    expect(await cache.refresh()).toEqual({ changed: 1, removed: 0 });
    expect(fetchedRefs(catalog)).toEqual([ORDER_API]);
    const graph = await cache.getGraph();
    // The same graph a full load of the edited catalog builds.
    expect(graph.relations()).toEqual(
      buildTopologyGraph(catalog.list).relations(),
    );
    expect(graph.relations()).toContainEqual({
      type: 'dependsOn',
      source: ORDER_API,
      target: REDIS,
    });
    expect((await cache.getIndex()).map({ team: 'orders' })).toBe(ORDER_API);

    // Nothing changed since: the listing only, no entity fetched.
    catalog.calls = [];
    expect(await cache.refresh()).toEqual({ changed: 0, removed: 0 });
    expect(fetchedRefs(catalog)).toEqual([]);
  });

  it('drops removed entities from the graph and the alert mapping', async () => {
    const { catalog, cache } = setup();
    expect((await cache.getIndex()).map({ service: 'ingress' })).toBe(
      'component:default/ingress',
    );
    catalog.set(catalog.list.filter(e => e.metadata.name !== 'ingress'));

    expect(await cache.refresh()).toEqual({ changed: 0, removed: 1 });
    const graph = await cache.getGraph();
    expect(graph.has('component:default/ingress')).toBe(false);
    expect(graph.relations()).toEqual(
      buildTopologyGraph(catalog.list).relations(),
    );
    expect(await cache.getEntity('component:default/ingress')).toBeUndefined();
    expect((await cache.getIndex()).map({ service: 'ingress' })).toBeNull();
  });

  it('shares one refresh between concurrent callers', async () => {
    const { catalog, cache } = setup();
    await cache.getGraph();
    catalog.set(
      catalog.list.map(e =>
        e.metadata.name === 'order-api' ? edited(e, () => {}) : e,
      ),
    );
    catalog.calls = [];
    const results = await Promise.all([
      cache.refresh(),
      cache.refresh(),
      cache.refresh(),
    ]);
    expect(results).toEqual([
      { changed: 1, removed: 0 },
      { changed: 1, removed: 0 },
      { changed: 1, removed: 0 },
    ]);
    expect(
      catalog.calls.filter(c => c.method === 'queryEntities'),
    ).toHaveLength(1);
    expect(fetchedRefs(catalog)).toEqual([ORDER_API]);
  });
});

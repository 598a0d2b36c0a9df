import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { buildTopologyGraph, TopologyGraph } from '@awoooi/plugin-awoooi-node';
import { AlertEntityIndex } from '@awoooi/plugin-awoooi-node';

/** What the analysis and the mapping read of an entity. */
const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'metadata.etag',
  'spec.type',
  'spec.owner',
  'spec.system',
  'spec.dependsOn',
  'spec.dependencyOf',
  'spec.consumesApis',
  'spec.providesApis',
  'relations',
];
const PAGE = 500;

/**
 * The catalog as a dependency graph, loaded once and kept fresh by delta
 * refreshes: a light listing of refs and etags, then only changed entities
 * are fetched and applied to the graph incrementally. Analyses never fetch
 * the catalog. Each backend instance keeps its own copy (it is a cache; the
 * catalog stays the source of truth).
 */
export class CatalogGraphCache {
  private graph: TopologyGraph | undefined;
  private entities = new Map<string, Entity>();
  private index: AlertEntityIndex | undefined;
  private loading: Promise<void> | undefined;
  private refreshing: Promise<{ changed: number; removed: number }> | undefined;
  private lastSync = 0;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  /** The graph, loading it on first use. */
  async getGraph(): Promise<TopologyGraph> {
    await this.ensureLoaded();
    return this.graph!;
  }

  async getIndex(): Promise<AlertEntityIndex> {
    await this.ensureLoaded();
    if (!this.index) this.index = new AlertEntityIndex(this.entities.values());
    return this.index;
  }

  async getEntity(ref: string): Promise<Entity | undefined> {
    await this.ensureLoaded();
    return this.entities.get(ref);
  }

  get size() {
    return this.entities.size;
  }

  private ensureLoaded(): Promise<void> {
    if (this.graph) return Promise.resolve();
    if (!this.loading) {
      this.loading = this.loadAll().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async loadAll() {
    const started = Date.now();
    const entities = new Map<string, Entity>();
    for await (const entity of this.pages(ENTITY_FIELDS)) {
      entities.set(stringifyEntityRef(entity), entity);
    }
    this.entities = entities;
    this.lastSync = Date.now();
    this.graph = buildTopologyGraph(entities.values());
    this.index = undefined;
    this.logger.info(
      `Catalog graph loaded: ${entities.size} entities in ${
        Date.now() - started
      } ms`,
    );
  }

  /** Milliseconds since the cache last matched the catalog. */
  get ageMs() {
    return Date.now() - this.lastSync;
  }

  /** Applies catalog changes since the last load; concurrent callers share one refresh. */
  refresh(): Promise<{ changed: number; removed: number }> {
    if (!this.refreshing) {
      this.refreshing = this.refreshNow().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async refreshNow(): Promise<{ changed: number; removed: number }> {
    if (!this.graph) {
      await this.ensureLoaded();
      return { changed: this.entities.size, removed: 0 };
    }
    const seen = new Map<string, string>();
    for await (const e of this.pages([
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.etag',
    ])) {
      seen.set(stringifyEntityRef(e), e.metadata.etag ?? '');
    }
    const changedRefs = [...seen]
      .filter(
        ([ref, etag]) =>
          this.entities.get(ref)?.metadata.etag !== etag || !etag,
      )
      .map(([ref]) => ref);
    const removedRefs = [...this.entities.keys()].filter(ref => !seen.has(ref));
    this.lastSync = Date.now();
    if (changedRefs.length === 0 && removedRefs.length === 0) {
      return { changed: 0, removed: 0 };
    }
    const credentials = await this.auth.getOwnServiceCredentials();
    for (let i = 0; i < changedRefs.length; i += PAGE) {
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: changedRefs.slice(i, i + PAGE), fields: ENTITY_FIELDS },
        { credentials },
      );
      for (const entity of items) {
        if (!entity) continue;
        this.entities.set(stringifyEntityRef(entity), entity);
        this.graph.upsertEntity(entity);
      }
    }
    for (const ref of removedRefs) {
      this.entities.delete(ref);
      this.graph.removeEntity(ref);
    }
    this.index = undefined;
    this.logger.info(
      `Catalog graph refreshed: ${changedRefs.length} changed, ${removedRefs.length} removed`,
    );
    return { changed: changedRefs.length, removed: removedRefs.length };
  }

  private async *pages(fields: string[]): AsyncGenerator<Entity> {
    const credentials = await this.auth.getOwnServiceCredentials();
    let response = await this.catalog.queryEntities(
      { fields, limit: PAGE },
      { credentials },
    );
    for (;;) {
      yield* response.items;
      const cursor = response.pageInfo.nextCursor;
      if (!cursor) return;
      response = await this.catalog.queryEntities(
        { cursor, limit: PAGE },
        { credentials },
      );
    }
  }
}

import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * Backstage's in-memory catalog, replaced wholesale when the test edits the
 * catalog, with listings and fetches recorded so a test sees what a refresh
 * read.
 */
export class EditableCatalog {
  calls: Array<{ method: string; refs?: string[] }> = [];
  private current: CatalogService;

  constructor(private entities: Entity[]) {
    this.current = catalogServiceMock({ entities });
  }

  set(entities: Entity[]) {
    this.entities = entities;
    this.current = catalogServiceMock({ entities });
  }

  get list() {
    return this.entities;
  }

  /** Every catalog method of the current catalog; two of them recorded. */
  readonly service: CatalogService = new Proxy({} as CatalogService, {
    get: (_, method) => {
      // Not a thenable: factories resolve the service through a promise.
      if (typeof method !== 'string' || !(method in this.current))
        return undefined;
      return (request: any, options: any) => {
        if (method === 'queryEntities' || method === 'getEntitiesByRefs')
          this.calls.push({ method, refs: request?.entityRefs });
        return (this.current as any)[method](request, options);
      };
    },
  });
}

/** The catalog service of a test backend, answering from `catalog`. */
export function editableCatalogFactory(catalog: EditableCatalog) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog.service,
  });
}

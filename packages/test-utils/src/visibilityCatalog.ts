import {
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * The catalog as a permission policy shapes it: `hidden` lists, per user,
 * the entity refs that user cannot read (reads of them find nothing, as
 * with the real catalog). Service callers read everything.
 */
export function visibilityCatalogFactory(
  entities: Entity[],
  hidden: Record<string, string[]>,
) {
  const base = catalogServiceMock({ entities });
  const sees = (credentials: BackstageCredentials, ref: string) =>
    credentials.principal === null ||
    typeof credentials.principal !== 'object' ||
    !('userEntityRef' in credentials.principal) ||
    !hidden[credentials.principal.userEntityRef as string]?.includes(ref);
  const catalog = new Proxy(base, {
    get(target, property) {
      if (property === 'getEntityByRef') {
        return async (ref: any, options: { credentials: any }) => {
          const key = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
          return sees(options.credentials, key)
            ? target.getEntityByRef(ref, options)
            : undefined;
        };
      }
      if (property === 'getEntitiesByRefs') {
        return async (req: { entityRefs: string[] }, options: any) => {
          const { items } = await target.getEntitiesByRefs(req as any, options);
          return {
            items: items.map((e, i) =>
              e && sees(options.credentials, req.entityRefs[i]) ? e : undefined,
            ),
          };
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { awoooiScanReadPermission } from '@awoooi/plugin-awoooi-common';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type express from 'express';
import type { z } from 'zod';
import type { ScanRouteContext } from './context';

/** The caller's credentials, once they hold the scan-read permission (403 otherwise). */
export function authorizeScanRead(
  ctx: ScanRouteContext,
  req: express.Request,
): Promise<BackstageCredentials> {
  return ctx.access.authorize(req, awoooiScanReadPermission);
}

/**
 * An entity's scan results: the query is checked first (400), then the
 * permission, then the caller must be able to read the entity in the catalog,
 * so results never show for an entity the caller cannot see.
 */
export async function authorizeEntityRead<
  S extends z.ZodType<{ entityRef: string }>,
>(
  ctx: ScanRouteContext,
  req: express.Request,
  schema: S,
): Promise<{ query: z.infer<S>; credentials: BackstageCredentials }> {
  const query = parseQuery(schema, req.query);
  const credentials = await authorizeScanRead(ctx, req);
  await ctx.access.assertCanReadEntity(credentials, query.entityRef);
  return { query, credentials };
}

/**
 * `GET path` answering `{ items }` to anyone with the scan-read permission;
 * the query, when the route takes one, is checked before the permission.
 */
export function itemsRoute<S extends z.ZodTypeAny>(
  router: express.Router,
  ctx: ScanRouteContext,
  route: { path: string; query?: S },
  items: (query: z.infer<S>) => Promise<unknown[]>,
) {
  router.get(route.path, async (req, res) => {
    const query = route.query ? parseQuery(route.query, req.query) : {};
    await authorizeScanRead(ctx, req);
    res.json({ items: await items(query) });
  });
}

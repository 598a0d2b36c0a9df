import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { ScanRouteContext } from './context';
import { authorizeScanRead, itemsRoute } from './scanRead';

const rulesQuery = z.object({
  status: z.enum(['active', 'retired']).optional(),
  server: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const assetsQuery = z.object({
  status: z.enum(['active', 'gone']).optional(),
  source: z.enum(['catalog', 'kubernetes']).optional(),
  kind: z.string().min(1).optional(),
  cluster: z.string().min(1).optional(),
  entityRef: z.string().min(1).optional(),
  ownerRef: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const limitQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** GET /rules, /assets, /assets/discovery, /assets/coverage. */
export function inventoryRoutes(router: express.Router, ctx: ScanRouteContext) {
  itemsRoute(router, ctx, { path: '/rules', query: rulesQuery }, q =>
    ctx.rules.list(q),
  );

  router.get('/assets', async (req, res) => {
    const q = parseQuery(assetsQuery, req.query);
    const credentials = await authorizeScanRead(ctx, req);
    const { items, total } = await ctx.assets.list(q);
    // Assets tied to an entity show only to those who can read the entity.
    const readable = await ctx.access.readableRefs(
      credentials,
      items.flatMap(a => (a.entityRef ? [a.entityRef] : [])),
    );
    // `total` counts matching rows; a page can hold fewer when some are hidden.
    res.json({
      items: items.filter(a => !a.entityRef || readable.has(a.entityRef)),
      total,
    });
  });

  itemsRoute(router, ctx, { path: '/assets/discovery', query: limitQuery }, q =>
    ctx.assets.discoveryRuns(q.limit),
  );

  router.get('/assets/coverage', async (req, res) => {
    await authorizeScanRead(ctx, req);
    res.json(await ctx.assets.coverage());
  });
}

import { awoooiScanReadPermission } from '@awoooi/plugin-awoooi-common';
import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { ScanRouteContext } from './context';

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
  router.get('/rules', async (req, res) => {
    const q = parseQuery(rulesQuery, req.query);
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json({ items: await ctx.rules.list(q) });
  });

  router.get('/assets', async (req, res) => {
    const q = parseQuery(assetsQuery, req.query);
    const credentials = await ctx.access.authorize(
      req,
      awoooiScanReadPermission,
    );
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

  router.get('/assets/discovery', async (req, res) => {
    const q = parseQuery(limitQuery, req.query);
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json({ items: await ctx.assets.discoveryRuns(q.limit) });
  });

  router.get('/assets/coverage', async (req, res) => {
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json(await ctx.assets.coverage());
  });
}

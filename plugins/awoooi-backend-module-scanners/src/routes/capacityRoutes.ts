import { awoooiScanReadPermission } from '@awoooi/plugin-awoooi-common';
import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { ScanRouteContext } from './context';

const historyQuery = z.object({
  instance: z.string().min(1),
  server: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const violationsQuery = z.object({
  state: z.enum(['open', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** GET /capacity/hosts, /capacity/history, /capacity/violations. */
export function capacityRoutes(router: express.Router, ctx: ScanRouteContext) {
  router.get('/capacity/hosts', async (req, res) => {
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json({ items: await ctx.capacity.latestHosts() });
  });

  router.get('/capacity/history', async (req, res) => {
    const q = parseQuery(historyQuery, req.query);
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json({ items: await ctx.capacity.history(q) });
  });

  router.get('/capacity/violations', async (req, res) => {
    const q = parseQuery(violationsQuery, req.query);
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json({
      items: await ctx.capacity.violations({
        open: q.state !== 'all',
        limit: q.limit,
      }),
    });
  });
}

import type express from 'express';
import { z } from 'zod';
import type { ScanRouteContext } from './context';
import { itemsRoute } from './scanRead';

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
  itemsRoute(router, ctx, { path: '/capacity/hosts' }, () =>
    ctx.capacity.latestHosts(),
  );
  itemsRoute(
    router,
    ctx,
    { path: '/capacity/history', query: historyQuery },
    q => ctx.capacity.history(q),
  );
  itemsRoute(
    router,
    ctx,
    { path: '/capacity/violations', query: violationsQuery },
    q => ctx.capacity.violations({ open: q.state !== 'all', limit: q.limit }),
  );
}

import { NotFoundError } from '@backstage/errors';
import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { ScanRouteContext } from './context';
import { authorizeEntityRead, authorizeScanRead, itemsRoute } from './scanRead';

const entityQuery = z.object({ entityRef: z.string().min(1) });
const clusterQuery = z.object({ cluster: z.string().min(1) });

/** GET /finops/entity, /finops/cluster, /finops/clusters, /finops/recommendations/:id. */
export function finopsRoutes(router: express.Router, ctx: ScanRouteContext) {
  const currency = () => ctx.settings.finops.prices.currency;

  router.get('/finops/entity', async (req, res) => {
    const { query } = await authorizeEntityRead(ctx, req, entityQuery);
    res.json(await ctx.finops.report('entity', query.entityRef, currency()));
  });

  router.get('/finops/cluster', async (req, res) => {
    const q = parseQuery(clusterQuery, req.query);
    await authorizeScanRead(ctx, req);
    res.json(await ctx.finops.report('cluster', q.cluster, currency()));
  });

  itemsRoute(router, ctx, { path: '/finops/clusters' }, () =>
    ctx.finops.clusters(),
  );

  router.get('/finops/recommendations/:id', async (req, res) => {
    const credentials = await authorizeScanRead(ctx, req);
    const recommendation = await ctx.finops.getRecommendation(req.params.id);
    if (!recommendation)
      throw new NotFoundError(`No FinOps recommendation ${req.params.id}`);
    if (recommendation.entityRef)
      await ctx.access.assertCanReadEntity(
        credentials,
        recommendation.entityRef,
      );
    res.json(recommendation);
  });
}

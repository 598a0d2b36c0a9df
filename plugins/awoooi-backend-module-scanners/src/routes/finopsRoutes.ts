import { NotFoundError } from '@backstage/errors';
import { awoooiScanReadPermission } from '@awoooi/plugin-awoooi-common';
import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { ScanRouteContext } from './context';

const entityQuery = z.object({ entityRef: z.string().min(1) });
const clusterQuery = z.object({ cluster: z.string().min(1) });

/** GET /finops/entity, /finops/cluster, /finops/clusters, /finops/recommendations/:id. */
export function finopsRoutes(router: express.Router, ctx: ScanRouteContext) {
  const currency = () => ctx.settings.finops.prices.currency;

  router.get('/finops/entity', async (req, res) => {
    const q = parseQuery(entityQuery, req.query);
    const credentials = await ctx.access.authorize(
      req,
      awoooiScanReadPermission,
    );
    await ctx.access.assertCanReadEntity(credentials, q.entityRef);
    res.json(await ctx.finops.report('entity', q.entityRef, currency()));
  });

  router.get('/finops/cluster', async (req, res) => {
    const q = parseQuery(clusterQuery, req.query);
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json(await ctx.finops.report('cluster', q.cluster, currency()));
  });

  router.get('/finops/clusters', async (req, res) => {
    await ctx.access.authorize(req, awoooiScanReadPermission);
    res.json({ items: await ctx.finops.clusters() });
  });

  router.get('/finops/recommendations/:id', async (req, res) => {
    const credentials = await ctx.access.authorize(
      req,
      awoooiScanReadPermission,
    );
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

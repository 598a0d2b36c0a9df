import {
  awoooiScanRunPermission,
  ScanStatus,
} from '@awoooi/plugin-awoooi-common';
import { NotFoundError } from '@backstage/errors';
import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import { nextSlot } from '../schedule/cron';
import { SCAN_IDS } from '../settings';
import { principalOf, ScanRouteContext } from './context';
import { authorizeScanRead } from './scanRead';

const runsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

function scanId(id: string) {
  const found = SCAN_IDS.find(s => s === id);
  if (!found)
    throw new NotFoundError(
      `No scanner '${id}' (known: ${SCAN_IDS.join(', ')})`,
    );
  return found;
}

/** GET /scans, GET /scans/:id/runs, POST /scans/:id/run. */
export function scanRoutes(router: express.Router, ctx: ScanRouteContext) {
  router.get('/scans', async (req, res) => {
    await authorizeScanRead(ctx, req);
    const latest = await ctx.runs.latest();
    const now = new Date();
    const items: Array<ScanStatus & { nextRunAt: string | null }> = [];
    for (const id of SCAN_IDS) {
      const { cron } = ctx.settings.schedules[id];
      items.push({
        scanId: id,
        schedule: cron.expression,
        timeZone: cron.timeZone,
        running: Boolean(await ctx.runner.running(id)),
        lastRun: latest.get(id) ?? null,
        nextRunAt: nextSlot(cron, now)?.toISOString() ?? null,
      });
    }
    res.json({ items });
  });

  router.get('/scans/:id/runs', async (req, res) => {
    const q = parseQuery(runsQuery, req.query);
    await authorizeScanRead(ctx, req);
    res.json({ items: await ctx.runs.list(scanId(req.params.id), q.limit) });
  });

  router.post('/scans/:id/run', async (req, res) => {
    const id = scanId(req.params.id);
    const credentials = await ctx.access.authorize(
      req,
      awoooiScanRunPermission,
    );
    const run = await ctx.runner.startManual(id, principalOf(credentials));
    res.status(202).json(run);
  });
}

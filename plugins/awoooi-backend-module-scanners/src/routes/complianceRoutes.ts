import { InputError } from '@backstage/errors';
import {
  awoooiEvidenceCreatePermission,
  COMPLIANCE_DIMENSIONS,
  ComplianceDimension,
} from '@awoooi/plugin-awoooi-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type express from 'express';
import { z } from 'zod';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import { rollupScore } from '../compliance/score';
import { summarizeTrivy } from '../compliance/trivy';
import { appendLog } from '../types';
import { principalOf, ScanRouteContext } from './context';
import { authorizeEntityRead, authorizeScanRead } from './scanRead';

const dimension = z.enum(
  COMPLIANCE_DIMENSIONS as [ComplianceDimension, ...ComplianceDimension[]],
);
const entityQuery = z.object({ entityRef: z.string().min(1) });
const groupQuery = z.object({ groupRef: z.string().min(1) });
const evidenceQuery = z.object({
  entityRef: z.string().min(1),
  dimension: dimension.optional(),
});

/** A posted evidence record; a Trivy JSON report may stand in for result and summary. */
export const evidenceBody = z
  .object({
    entityRef: z.string().min(1),
    dimension,
    result: z.enum(['pass', 'warning', 'fail']).optional(),
    summary: z.string().max(2000).optional(),
    source: z.string().min(1).max(64).default('api'),
    observedAt: z.string().datetime({ offset: true }).optional(),
    details: z.record(z.unknown()).optional(),
    trivy: z.unknown().optional(),
  })
  .strict();

/**
 * Group roll-ups as the caller may see them: each group with only the
 * entities they can read in the catalog, scored over those, and only groups
 * left with any (an owner group need not be a catalog entity itself).
 */
async function visibleRollups(
  ctx: ScanRouteContext,
  credentials: BackstageCredentials,
  groupRef?: string,
) {
  const groups = await ctx.compliance.groups(groupRef);
  const readable = await ctx.access.readableRefs(
    credentials,
    groups.flatMap(g => g.entities.map(e => e.entityRef)),
  );
  return groups
    .map(g => {
      const entities = g.entities.filter(e => readable.has(e.entityRef));
      return {
        groupRef: g.groupRef,
        score: rollupScore(entities.map(e => e.score)),
        entities,
      };
    })
    .filter(g => g.entities.length > 0);
}

/** GET /compliance/entity, /compliance/group, /compliance/groups, /compliance/evidence; POST /compliance/evidence. */
export function complianceRoutes(
  router: express.Router,
  ctx: ScanRouteContext,
) {
  scoreRoutes(router, ctx);

  router.get('/compliance/evidence', async (req, res) => {
    const { query } = await authorizeEntityRead(ctx, req, evidenceQuery);
    res.json({ items: await ctx.evidence.list(query) });
  });

  router.post('/compliance/evidence', async (req, res) => {
    const body = parseQuery(evidenceBody, req.body);
    const credentials = await ctx.access.authorize(
      req,
      awoooiEvidenceCreatePermission,
    );
    await ctx.access.assertCanReadEntity(credentials, body.entityRef);
    const { result, summary, details } = evidenceVerdict(body);
    const observedAt = body.observedAt ? new Date(body.observedAt) : new Date();
    if (observedAt.getTime() > Date.now() + 5 * 60_000)
      throw new InputError('observedAt: must not be in the future');
    const record = await ctx.evidence.add({
      entityRef: body.entityRef,
      dimension: body.dimension,
      result,
      summary: summary ?? '',
      source: body.source,
      details,
      observedAt: observedAt.toISOString(),
      createdBy: principalOf(credentials),
    });
    await appendLog(ctx.operationLog, [
      {
        opType: 'compliance_evidence_added',
        actor: record.createdBy,
        entityRef: record.entityRef,
        details: {
          evidenceId: record.id,
          dimension: record.dimension,
          result: record.result,
          source: record.source,
        },
      },
    ]);
    res.status(201).json(record);
  });
}

/** GET /compliance/entity, /compliance/group, /compliance/groups. */
function scoreRoutes(router: express.Router, ctx: ScanRouteContext) {
  router.get('/compliance/entity', async (req, res) => {
    const { query } = await authorizeEntityRead(ctx, req, entityQuery);
    res.json(await ctx.compliance.report(query.entityRef));
  });

  router.get('/compliance/group', async (req, res) => {
    const q = parseQuery(groupQuery, req.query);
    const credentials = await authorizeScanRead(ctx, req);
    const [rollup] = await visibleRollups(ctx, credentials, q.groupRef);
    res.json({
      groupRef: q.groupRef,
      score: rollup?.score ?? null,
      entities: rollup?.entities ?? [],
      history: await ctx.compliance.groupHistory(q.groupRef),
    });
  });

  router.get('/compliance/groups', async (req, res) => {
    const credentials = await authorizeScanRead(ctx, req);
    const groups = await visibleRollups(ctx, credentials);
    res.json({
      items: groups.map(g => ({
        groupRef: g.groupRef,
        score: g.score,
        entities: g.entities.length,
      })),
    });
  });
}

/**
 * The result, summary and details a posted evidence records: as given,
 * with a Trivy report (cve_scan only) filling in what is missing.
 */
function evidenceVerdict(body: z.infer<typeof evidenceBody>) {
  let { result, summary } = body;
  let details = body.details ?? {};
  if (body.trivy !== undefined) {
    if (body.dimension !== 'cve_scan')
      throw new InputError(
        'trivy: a Trivy report is evidence for cve_scan only',
      );
    let trivy;
    try {
      trivy = summarizeTrivy(body.trivy);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    result ??= trivy.result;
    summary ??= trivy.summary;
    details = {
      ...details,
      artifact: trivy.artifact,
      vulnerabilities: trivy.counts,
    };
  }
  if (!result)
    throw new InputError(
      'result: required (pass, warning or fail) unless a trivy report is given',
    );
  return { result, summary, details };
}

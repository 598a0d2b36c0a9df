import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  awoooiAlertCreatePermission,
  awoooiAuditReadPermission,
  awoooiIncidentReadPermission,
  IncidentDetails,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { AlertIngestor } from '../ingest/AlertIngestor';
import { parseQuery } from '@awoooi/plugin-awoooi-node';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import { redactAlerts } from '../privacy/redactAlerts';
import type { Access } from './access';
import type { AwoooiMetrics } from './metrics';
import { productionErrors } from '@awoooi/plugin-awoooi-node';

export interface RouterDeps {
  access: Access;
  logger: LoggerService;
  incidents: IncidentStore;
  analyses: AnalysisStore;
  operationLog: OperationLogStore;
  ingestor: AlertIngestor;
  vault: PrivacyVault;
  metrics: AwoooiMetrics;
  /** Largest accepted body (`awoooi.ingest.bodyLimit`). */
  bodyLimit: string | number;
  /** Serve `/metrics` without a token (`awoooi.metrics.public`). */
  metricsPublic: boolean;
  /** Proposals shown with an incident (the approval pipeline). */
  proposalsFor?: (incidentId: string) => Promise<Proposal[]>;
  /** Extra routes (proposals, scans, …) mounted on the same router. */
  extend?: Array<(router: express.Router) => void>;
}

const incidentListQuery = z.object({
  entityRef: z.string().min(1).optional(),
  state: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const auditQuery = z.object({
  entityRef: z.string().optional(),
  incidentId: z.string().optional(),
  proposalId: z.string().optional(),
  opType: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export function createRouter(deps: RouterDeps): express.Router {
  const router = Router();
  const json = express.json({ limit: deps.bodyLimit });
  alertIngestRoutes(router, deps, json);
  router.use(json);
  serviceRoutes(router, deps);
  incidentRoutes(router, deps);

  router.get('/audit', async (req, res) => {
    const q = parseQuery(auditQuery, req.query);
    await deps.access.authorize(req, awoooiAuditReadPermission);
    res.json({ items: await deps.operationLog.list(q) });
  });

  for (const extend of deps.extend ?? []) extend(router);
  router.use(productionErrors(deps.logger));
  return router;
}

/** POST /alerts/alertmanager and /alerts/webhook, each body parsed only for a sender. */
function alertIngestRoutes(
  router: express.Router,
  { access, ingestor }: RouterDeps,
  json: express.RequestHandler,
) {
  // Senders are checked before their body is read: someone who is not one
  // cannot make the backend parse megabytes of JSON.
  const alertSender: express.RequestHandler = async (req, _res, next) => {
    await access.assertAlertSender(req, awoooiAlertCreatePermission);
    next();
  };

  // Alert ingestion: validate and store, then return; analysis runs elsewhere.
  router.post('/alerts/alertmanager', alertSender, json, async (req, res) => {
    res.status(202).json(await ingestor.ingest('alertmanager', req.body));
  });
  router.post('/alerts/webhook', alertSender, json, async (req, res) => {
    res.status(202).json(await ingestor.ingest('webhook', req.body));
  });
}

/** GET /health, /metrics and /me. */
function serviceRoutes(router: express.Router, deps: RouterDeps) {
  const { access } = deps;
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/metrics', async (req, res) => {
    // What AWOOOI received and how it works is operators' business.
    if (!deps.metricsPublic)
      await access.authorize(req, awoooiAuditReadPermission);
    res
      .type(deps.metrics.registry.contentType)
      .send(await deps.metrics.registry.metrics());
  });

  router.get('/me', async (req, res) => {
    const caller = await access.user(req);
    res.json({ userEntityRef: caller.userEntityRef, roles: caller.roles });
  });
}

/** The incident of `:id`, if the caller may read it (404 when there is none). */
async function readableIncident(
  { access, incidents }: RouterDeps,
  req: express.Request,
) {
  const credentials = await access.authorize(req, awoooiIncidentReadPermission);
  const incident = await incidents.getIncident(req.params.id);
  if (!incident) throw new NotFoundError(`No incident ${req.params.id}`);
  await access.assertCanReadEntity(credentials, incident.entityRef);
  return incident;
}

/** GET /incidents, /incidents/:id, /incidents/:id/transcript and /alerts/unmapped. */
function incidentRoutes(router: express.Router, deps: RouterDeps) {
  const { access, incidents, analyses, vault } = deps;
  router.get('/incidents', async (req, res) => {
    const q = parseQuery(incidentListQuery, req.query);
    const credentials = await access.authorize(
      req,
      awoooiIncidentReadPermission,
    );
    if (q.entityRef) await access.assertCanReadEntity(credentials, q.entityRef);
    const items = await incidents.listIncidents({
      entityRefs: q.entityRef ? [q.entityRef] : undefined,
      state: q.state,
      limit: q.limit,
    });
    res.json({
      // Reading the named entity was checked above.
      items: q.entityRef
        ? items
        : await access.readableOnly(credentials, items),
    });
  });

  router.get('/incidents/:id', async (req, res) => {
    const incident = await readableIncident(deps, req);
    const details: IncidentDetails = {
      incident,
      alerts: await redactAlerts(
        vault,
        incident.id,
        await incidents.listAlerts(incident.id),
      ),
      analysis: await analyses.getAnalysis(incident.id),
      proposals: deps.proposalsFor ? await deps.proposalsFor(incident.id) : [],
    };
    res.json(details);
  });

  router.get('/incidents/:id/transcript', async (req, res) => {
    const incident = await readableIncident(deps, req);
    res.json({ items: await analyses.getTranscript(incident.id) });
  });

  router.get('/alerts/unmapped', async (req, res) => {
    await access.authorize(req, awoooiIncidentReadPermission);
    res.json({
      items: await redactAlerts(
        vault,
        null,
        await incidents.listUnmappedAlerts(),
      ),
    });
  });
}

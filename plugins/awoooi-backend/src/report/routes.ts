import { NotFoundError } from '@backstage/errors';
import { awoooiIncidentReadPermission } from '@awoooi/plugin-awoooi-common';
import type express from 'express';
import type { Access } from '../service/access';
import { loadIncidentReport, ReportDeps } from './loadIncidentReport';
import { reportMarkdown } from './reportMarkdown';

/**
 * `GET /incidents/:id/report` (JSON) and `/incidents/:id/report.md`
 * (Markdown, as a download): the same permission and catalog visibility as
 * the incident itself.
 */
export function registerReportRoutes(
  router: express.Router,
  deps: ReportDeps & { access: Access },
) {
  const readableReport = async (req: express.Request) => {
    const credentials = await deps.access.authorize(
      req,
      awoooiIncidentReadPermission,
    );
    const incident = await deps.incidents.getIncident(req.params.id);
    if (!incident) throw new NotFoundError(`No incident ${req.params.id}`);
    await deps.access.assertCanReadEntity(credentials, incident.entityRef);
    return loadIncidentReport(deps, incident);
  };

  router.get('/incidents/:id/report', async (req, res) => {
    res.json(await readableReport(req));
  });

  router.get('/incidents/:id/report.md', async (req, res) => {
    const report = await readableReport(req);
    res
      .type('text/markdown; charset=utf-8')
      .attachment(`incident-${report.incident.id}.md`)
      .send(reportMarkdown(report));
  });
}

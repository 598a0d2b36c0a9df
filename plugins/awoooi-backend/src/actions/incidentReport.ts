import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { loadReportSources, reportFrom } from '../report/loadIncidentReport';
import { reportMarkdown } from '../report/reportMarkdown';
import { AwoooiActionsDeps, readableIncident } from './deps';
import {
  analysisShape,
  idShape,
  incidentShape,
  proposalShape,
  READ_ONLY,
  timelineEntryShape,
} from './schemas';

/**
 * The incident report as the incident holds it today: the timeline from the
 * operation log (alerts, analysis, proposals, signatures, execution,
 * verification, resolution), the analysis, every proposal with its outcome,
 * and the report people read (time to detect … recover, money burnt) as
 * Markdown.
 */
export function registerIncidentReportAction(
  registry: ActionsRegistryService,
  deps: AwoooiActionsDeps,
) {
  registry.register({
    name: 'get-incident-report',
    title: 'Get the incident report',
    description:
      'The story of one incident, open or resolved: a timeline from the append-only operation log (opened, ' +
      'analysed, proposals, dry-runs, signatures, execution, verification, resolution, each with who and when), the analysis ' +
      '(root causes, blast radius, burn rate), every proposal with its signatures and result, the fix outcome ' +
      '(VERIFIED, INEFFECTIVE, REGRESSED) and the whole report as Markdown (time to detect, analyse, approve, execute, ' +
      'recover; money burnt). ' +
      'Privacy-Shield output only.',
    attributes: READ_ONLY,
    schema: {
      input: z => z.object({ incidentId: idShape(z) }),
      output: z =>
        z.object({
          incident: incidentShape(z),
          timeline: z.array(timelineEntryShape(z)),
          analysis: analysisShape(z).nullable(),
          proposals: z.array(proposalShape(z)),
          outcome: z.enum(['VERIFIED', 'INEFFECTIVE', 'REGRESSED']).nullable(),
          markdown: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const incident = await readableIncident(
        deps,
        credentials,
        input.incidentId,
      );
      const sources = await loadReportSources(deps, incident);
      const report = await reportFrom(deps, incident, sources);
      const output = {
        incident: sources.incident,
        // The log lists newest first; a report reads from the start.
        timeline: [...sources.log].reverse(),
        analysis: sources.analysis,
        proposals: [...sources.proposals].reverse(),
        outcome: report.outcome,
        markdown: reportMarkdown(report),
      };
      return { output };
    },
  });
}

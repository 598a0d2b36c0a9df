import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AwoooiActionsDeps, readableIncident } from './deps';
import {
  analysisShape,
  incidentShape,
  proposalShape,
  timelineEntryShape,
} from './schemas';
import {
  shieldIncident,
  shieldLogEntry,
  shieldProposal,
  withShield,
} from './shield';

/**
 * The incident report as the incident holds it today: the timeline from the
 * operation log (alerts, analysis, proposals, signatures, execution,
 * resolution), the analysis and every proposal with its outcome.
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
      'analysed, proposals, dry-runs, signatures, execution, resolution, each with who and when), the analysis ' +
      '(root causes, blast radius, burn rate) and every proposal with its signatures and result. ' +
      'Privacy-Shield output only.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ incidentId: z.string().min(1).max(100) }),
      output: z =>
        z.object({
          incident: incidentShape(z),
          timeline: z.array(timelineEntryShape(z)),
          analysis: analysisShape(z).nullable(),
          proposals: z.array(proposalShape(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const incident = await readableIncident(
        deps,
        credentials,
        input.incidentId,
      );
      const [entries, analysis, proposals] = await Promise.all([
        deps.operationLog.list({ incidentId: incident.id, limit: 1000 }),
        deps.analyses.getAnalysis(incident.id),
        deps.proposalStore.list({ incidentId: incident.id }),
      ]);
      const output = await withShield(deps.vault, incident.id, s => ({
        incident: shieldIncident(s, incident),
        // The log lists newest first; a report reads from the start.
        timeline: entries.reverse().map(e => shieldLogEntry(s, e)),
        analysis,
        proposals: proposals.reverse().map(p => shieldProposal(s, p)),
      }));
      return { output };
    },
  });
}

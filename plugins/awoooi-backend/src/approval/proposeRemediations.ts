import type { AnalysisListener } from '../analysis/AnalysisService';
import type { ProposalService } from './ProposalService';

/** Turns an analysis' remediations into proposals and says so in the transcript. */
export function proposeRemediations(
  proposals: ProposalService,
): AnalysisListener {
  return async (result, { reasoning }) => {
    for (const r of result.remediations) {
      try {
        const p = await proposals.propose({
          source: 'incident',
          incidentId: result.incidentId,
          // One open proposal per fix, whichever incidents need it.
          dedupeKey: `fix:${r.action}|${r.target}`,
          action: r.action,
          target: r.target,
          entityRef: r.entityRef,
          params: r.params,
          risk: r.risk,
          title: r.title,
          blastRadius: result.blastRadius,
          proposedBy: `awoooi:brain/${result.brain}`,
        });
        const needs =
          p.state === 'BLOCKED'
            ? `blocked (${p.reason})`
            : `needs ${p.required.count} signature${
                p.required.count === 1 ? '' : 's'
              }`;
        const auto = p.state === 'EXECUTED' ? '; executed automatically' : '';
        const shared =
          p.incidentId === result.incidentId
            ? ''
            : ' (the open proposal of another incident; signing it serves both)';
        await reasoning.step(
          `Proposed ${p.action} on ${p.target}: ${p.risk}, ${needs}${auto}${shared}.`,
        );
      } catch (error) {
        await reasoning.step(
          `Could not propose ${r.action} on ${r.target}: ${
            (error as Error).message
          }`,
          'note',
        );
      }
    }
  };
}

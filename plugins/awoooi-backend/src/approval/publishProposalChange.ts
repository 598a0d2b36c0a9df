import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  incidentChannel,
  Proposal,
  PROPOSALS_CHANNEL,
} from '@awoooi/plugin-awoooi-common';

/**
 * Tells open pages that a proposal changed (state, signature, outcome): on
 * the proposals channel and on its incident's channel, which the pages
 * answer by fetching the proposal again.
 */
export async function publishProposalChange(
  signals: SignalsService,
  p: Pick<Proposal, 'id' | 'incidentId' | 'entityRef'>,
): Promise<void> {
  const message = {
    type: 'proposal',
    proposalId: p.id,
    incidentId: p.incidentId ?? '',
    entityRef: p.entityRef,
  };
  const channels = [
    PROPOSALS_CHANNEL,
    ...(p.incidentId ? [incidentChannel(p.incidentId)] : []),
  ];
  for (const channel of channels) {
    await signals.publish({
      recipients: { type: 'broadcast' },
      channel,
      message,
    });
  }
}

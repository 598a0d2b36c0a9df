import type { SignalsService } from '@backstage/plugin-signals-node';
import type { Proposal } from '@awoooi/plugin-awoooi-common';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import { publishProposalChange } from './publishProposalChange';

/**
 * What a proposal's life leaves behind: operation-log entries, the
 * notifications of how it ended, and the live signal to open pages.
 */
export class ProposalAudit {
  constructor(
    private readonly deps: {
      operationLog: OperationLogStore;
      notifier: IncidentNotifier;
      signals: SignalsService;
    },
  ) {}

  async log(
    opType: string,
    actor: string,
    p: Pick<Proposal, 'id' | 'entityRef' | 'incidentId'>,
    details: Record<string, unknown>,
  ) {
    await this.deps.operationLog.append({
      opType,
      actor,
      entityRef: p.entityRef,
      incidentId: p.incidentId,
      proposalId: p.id,
      details,
    });
  }

  async notifyEnd(
    p: Proposal,
    kind:
      | 'proposal.executed'
      | 'proposal.failed'
      | 'proposal.voided'
      | 'proposal.rejected'
      | 'proposal.expired',
    title: string,
    description: string,
  ) {
    await this.deps.notifier.send({
      kind,
      title,
      description,
      entityRef: p.entityRef,
      severity: kind === 'proposal.executed' ? 'normal' : 'high',
      incidentId: p.incidentId ?? undefined,
      proposalId: p.id,
    });
  }

  async publish(p: Pick<Proposal, 'id' | 'incidentId' | 'entityRef'>) {
    await publishProposalChange(this.deps.signals, p);
  }
}

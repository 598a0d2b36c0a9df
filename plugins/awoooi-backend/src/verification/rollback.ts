import type { Proposal } from '@awoooi/plugin-awoooi-common';
import type { ProposeInput } from '../approval/types';

/** The action and params that undo an executed one, or undefined when it has no inverse. */
type Inverse = (
  p: Proposal,
) => Pick<ProposeInput, 'action' | 'params'> | undefined;

/**
 * The replica count a Deployment had right before the scale ran: the
 * pre-execution dry-run records the workload's state just before the
 * action is sent.
 */
function previousReplicas(p: Proposal): number | undefined {
  const workload = p.preExecutionDryRun?.state?.workload as
    | { replicas?: unknown }
    | undefined;
  const replicas = workload?.replicas;
  return typeof replicas === 'number' ? replicas : undefined;
}

const INVERSES: Record<string, Inverse> = {
  scale_deployment: p => {
    const replicas = previousReplicas(p);
    return replicas === undefined
      ? undefined
      : { action: 'scale_deployment', params: { replicas } };
  },
  cordon_node: () => ({ action: 'uncordon_node', params: {} }),
  uncordon_node: () => ({ action: 'cordon_node', params: {} }),
};

/**
 * The proposal that rolls a regressed fix back, when its action has an
 * inverse. It goes through the same approval rules as any fix; its dedupe
 * key makes proposing it twice harmless.
 */
export function rollbackProposal(p: Proposal): ProposeInput | undefined {
  const inverse = INVERSES[p.action]?.(p);
  if (!inverse) return undefined;
  return {
    source: p.source,
    incidentId: p.incidentId,
    dedupeKey: `rollback:${p.id}`,
    action: inverse.action,
    target: p.target,
    entityRef: p.entityRef,
    params: inverse.params,
    risk: p.baseRisk,
    title: `Roll back: ${p.title}`,
    blastRadius: p.blastRadius,
    proposedBy: 'awoooi:verification',
  };
}

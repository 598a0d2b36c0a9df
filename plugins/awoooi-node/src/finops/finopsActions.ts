import type { FinOpsKind, RiskLevel } from '@awoooi/plugin-awoooi-common';
import type { Finding } from './finding';

/**
 * What each finding suggests and how risky that is:
 * - an orphaned PVC → `delete_pvc`, HIGH: deleting a volume loses its data for good;
 * - zombie pods of a Deployment → `scale_deployment`, MEDIUM: undone by scaling up;
 *   a zombie bare pod → `delete_pod`, MEDIUM: nothing recreates it, but it did nothing;
 * - an over-provisioned node → the configured node-resize action (a cloud-specific
 *   runbook), else `drain_node`, the step that empties it for a resize, HIGH:
 *   every workload on the node gets moved.
 * `realizable` says whether acting saves money by itself: deleting a volume or
 * resizing a node does; scaling pods down or draining a node only frees
 * capacity, which saves money once the cluster scales down.
 */
export const FINOPS_ACTIONS: Readonly<
  Record<FinOpsKind, { action: string; risk: RiskLevel; realizable: boolean }>
> = Object.freeze({
  orphaned_pvc: { action: 'delete_pvc', risk: 'HIGH', realizable: true },
  zombie_pod: { action: 'scale_deployment', risk: 'MEDIUM', realizable: false },
  overprovisioned_node: {
    action: 'drain_node',
    risk: 'HIGH',
    realizable: false,
  },
});

export const ZOMBIE_BARE_POD_ACTION = 'delete_pod';

/** Which actions can carry out the recommendations. */
export interface FinOpsActionOptions {
  /**
   * Action that resizes or removes a node: cloud-specific, so a configured
   * runbook offered through MCP or the runner. With it (and offered), a
   * node's savings are realizable; without it, they are freed by a drain.
   */
  nodeResizeAction?: string;
  /**
   * Actions the executors offer. A recommendation whose action is not among
   * them cannot be acted on, so it is never realizable. Undefined: not checked.
   */
  offeredActions?: readonly string[];
}

/** The node-resize runbook when one is configured and offered, else a drain. */
export function nodeAction(actions: FinOpsActionOptions): {
  action: string;
  realizable: boolean;
} {
  const resize = actions.nodeResizeAction;
  if (resize && isOffered(resize, actions)) {
    return { action: resize, realizable: true };
  }
  return {
    action: FINOPS_ACTIONS.overprovisioned_node.action,
    realizable: false,
  };
}

function isOffered(action: string, actions: FinOpsActionOptions): boolean {
  return actions.offeredActions?.includes(action) ?? true;
}

export function isRealizable(
  f: Finding,
  actions: FinOpsActionOptions,
): boolean {
  const byKind =
    f.kind === 'overprovisioned_node'
      ? nodeAction(actions).realizable
      : FINOPS_ACTIONS[f.kind].realizable;
  return byKind && isOffered(f.action, actions);
}

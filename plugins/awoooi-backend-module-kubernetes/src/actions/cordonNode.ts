import { evictsNoPod } from '../checks/budgets';
import { abortedOutcome, noParams, NoParams } from './common';
import {
  capacityCheck,
  isNodeReady,
  nodePatchAccess,
  otherSchedulableNodes,
  readNodeTarget,
  setUnschedulable,
} from './nodes';
import type { KubernetesAction } from './types';

/**
 * `cordon_node`: marks a node unschedulable (`kubectl cordon`). Running pods
 * stay; new pods go elsewhere. Fails when no schedulable node would remain.
 */
export const cordonNode: KubernetesAction<NoParams> = {
  name: 'cordon_node',
  description:
    'Mark a node unschedulable so no new pods land on it; running pods stay (kubectl cordon). Target node/<name>.',
  baseRisk: 'HIGH',
  paramsSchema: noParams,
  targetKinds: ['node'],

  access: target => [nodePatchAccess(target)],

  async inspect({ apis, target }) {
    const read = await readNodeTarget(apis, target);
    if (read.failed) return read.failed;
    const { state, found: node } = read;
    const [schedulable, pods] = await Promise.all([
      otherSchedulableNodes(apis, target.name),
      apis.core.listPodForAllNamespaces({
        fieldSelector: `spec.nodeName=${target.name}`,
      }),
    ]);
    const cordoned = node.spec?.unschedulable === true;
    state.otherSchedulableNodes = schedulable.length;
    const type = node.metadata?.labels?.['node.kubernetes.io/instance-type'];
    const running = pods.items.filter(
      p => p.status?.phase === 'Running',
    ).length;
    return {
      checks: [
        {
          name: 'exists',
          outcome: cordoned ? 'warn' : 'pass',
          detail: `node ${target.name}${type ? ` (${type})` : ''}: ${
            isNodeReady(node) ? 'Ready' : 'NotReady'
          }, ${
            cordoned ? 'already cordoned; nothing would change' : 'schedulable'
          }, ${running} running pods`,
        },
        capacityCheck(schedulable.length, 'new pods'),
        evictsNoPod(
          `cordoning evicts no pod; the ${running} running pods stay`,
        ),
      ],
      state,
    };
  },

  async execute({ apis, target, signal }) {
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    const node = await setUnschedulable(apis, target.name, true);
    return {
      ok: node.spec?.unschedulable === true,
      detail: node.spec?.unschedulable
        ? `cordoned node ${target.name}`
        : `node ${target.name} did not become unschedulable`,
    };
  },
};

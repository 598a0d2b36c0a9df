import { evictsNoPod } from '../checks/budgets';
import { abortedOutcome, noParams, NoParams } from './common';
import {
  isNodeReady,
  nodePatchAccess,
  readNodeTarget,
  setUnschedulable,
} from './nodes';
import type { KubernetesAction } from './types';

/**
 * `uncordon_node`: lets the scheduler place pods on a node again
 * (`kubectl uncordon`), the way back from `cordon_node` and `drain_node`.
 */
export const uncordonNode: KubernetesAction<NoParams> = {
  name: 'uncordon_node',
  description:
    'Mark a node schedulable again so new pods may land on it (kubectl uncordon). Target node/<name>.',
  baseRisk: 'MEDIUM',
  paramsSchema: noParams,
  targetKinds: ['node'],

  access: target => [nodePatchAccess(target)],

  async inspect({ apis, target }) {
    const read = await readNodeTarget(apis, target);
    if (read.failed) return read.failed;
    const { state, found: node } = read;
    const cordoned = node.spec?.unschedulable === true;
    const ready = isNodeReady(node);
    return {
      checks: [
        {
          name: 'exists',
          outcome: cordoned ? 'pass' : 'warn',
          detail: `node ${target.name}: ${ready ? 'Ready' : 'NotReady'}, ${
            cordoned ? 'cordoned' : 'already schedulable; nothing would change'
          }`,
        },
        {
          name: 'capacity',
          outcome: ready ? 'pass' : 'warn',
          detail: ready
            ? 'the node is ready to take pods'
            : 'the node is not ready: pods placed on it would not start',
        },
        evictsNoPod('uncordoning evicts no pod'),
      ],
      state,
    };
  },

  async execute({ apis, target, signal }) {
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    const node = await setUnschedulable(apis, target.name, false);
    const done = node.spec?.unschedulable !== true;
    return {
      ok: done,
      detail: done
        ? `uncordoned node ${target.name}`
        : `node ${target.name} is still unschedulable`,
    };
  },
};

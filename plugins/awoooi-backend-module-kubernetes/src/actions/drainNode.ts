import type { ExecutionOutcome } from '@awoooi/plugin-awoooi-node';
import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import { describeKubeError, isNotFound, kubeErrorCode } from '../kubeErrors';
import { abortedOutcome } from './common';
import {
  DrainPlan,
  drainBudgetCheck,
  drainState,
  evictionsCheck,
  listNames,
  planDrain,
  podName,
} from './drainPlan';
import {
  capacityCheck,
  isNodeReady,
  nodePatchAccess,
  otherSchedulableNodes,
  readNodeTarget,
  setUnschedulable,
} from './nodes';
import type { ActionContext, KubernetesAction } from './types';

export const drainParams = z
  .object({
    /** How long refused evictions are retried (default 60 s; kubectl waits forever). */
    timeoutSeconds: z.number().int().min(0).max(3600).optional(),
  })
  .strict();
export type DrainParams = z.infer<typeof drainParams>;

const DEFAULT_TIMEOUT_S = 60;
const RETRY_MS = 1_000;

/** The message a refused eviction carries: the budget's cause when there is one. */
function refusal(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  let status: { details?: { causes?: Array<{ message?: string }> } } = {};
  try {
    status = typeof body === 'string' ? JSON.parse(body) : (body as any) ?? {};
  } catch {
    status = {};
  }
  const cause = status.details?.causes?.find(c => c.message)?.message;
  return cause ?? describeKubeError(error);
}

/** `evicted`, or `refused: …` (a budget said no, worth retrying), or `failed: …`. */
type EvictResult = string;

async function evict(apis: KubernetesApis, pod: V1Pod): Promise<EvictResult> {
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace!;
  try {
    await apis.core.createNamespacedPodEviction({
      name,
      namespace,
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace },
        // Evict exactly the pod that was listed, not a namesake.
        deleteOptions: { preconditions: { uid: pod.metadata?.uid } },
      },
    });
    return 'evicted';
  } catch (error) {
    if (isNotFound(error)) return 'evicted';
    if (kubeErrorCode(error) === 429) return `refused: ${refusal(error)}`;
    return `failed: ${describeKubeError(error)}`;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Evicts the pods in passes, as `kubectl drain` does: a refused eviction (a
 * budget allowing no disruption yet) is retried until the deadline, while
 * replacements start on other nodes. Returns what is left and why.
 */
async function evictAll(
  apis: KubernetesApis,
  pods: V1Pod[],
  deadline: number,
  signal?: AbortSignal,
): Promise<{ evicted: V1Pod[]; left: Map<V1Pod, string> }> {
  const evicted: V1Pod[] = [];
  const failed = new Map<V1Pod, string>();
  let refused = new Map<V1Pod, string>();
  let pending = pods;
  for (;;) {
    refused = new Map();
    for (const pod of pending) {
      const result = signal?.aborted
        ? 'not tried: aborted'
        : await evict(apis, pod);
      if (result === 'evicted') evicted.push(pod);
      else if (result.startsWith('refused')) refused.set(pod, result);
      else failed.set(pod, result);
    }
    const late = Date.now() + RETRY_MS > deadline;
    if (refused.size === 0 || signal?.aborted || late) break;
    await sleep(RETRY_MS, signal);
    pending = [...refused.keys()];
  }
  return { evicted, left: new Map([...failed, ...refused]) };
}

async function inspectDrain({ apis, target }: ActionContext<DrainParams>) {
  const read = await readNodeTarget(apis, target);
  if (read.failed) return read.failed;
  const { state, found: node } = read;
  const [schedulable, plan] = await Promise.all([
    otherSchedulableNodes(apis, target.name),
    planDrain(apis, target.name),
  ]);
  state.otherSchedulableNodes = schedulable.length;
  Object.assign(state, drainState(plan));
  const cordoned = node.spec?.unschedulable === true;
  return {
    checks: [
      {
        name: 'exists',
        outcome: 'pass' as const,
        detail: `node ${target.name}: ${
          isNodeReady(node) ? 'Ready' : 'NotReady'
        }, ${
          cordoned
            ? 'already cordoned'
            : 'schedulable (would be cordoned first)'
        }, ${plan.evict.length + plan.bare.length + plan.skipped.length} pods`,
      },
      capacityCheck(schedulable.length, 'the evicted pods'),
      evictionsCheck(plan),
      drainBudgetCheck(plan),
    ],
    state,
  };
}

function drainOutcome(
  node: string,
  plan: DrainPlan,
  evicted: V1Pod[],
  left: Map<V1Pod, string>,
): ExecutionOutcome {
  const done = `cordoned node ${node}; evicted ${evicted.length} pod(s)${
    evicted.length ? `: ${listNames(evicted)}` : ''
  }`;
  const stay = plan.skipped.length
    ? `; ${plan.skipped.length} DaemonSet/static pod(s) left in place`
    : '';
  if (left.size === 0) return { ok: true, detail: `${done}${stay}` };
  const why = [...left].map(([pod, reason]) => `${podName(pod)} ${reason}`);
  return {
    ok: false,
    detail: `${done}; not evicted: ${why.join(
      '; ',
    )}. The node stays cordoned (uncordon_node undoes it)`,
  };
}

/**
 * `drain_node`: cordons a node, then evicts its pods through the Eviction
 * API (`pods/eviction`, policy/v1), which honours PodDisruptionBudgets — the
 * way to empty a node before it is resized or removed. Bare pods refuse the
 * drain (nothing would recreate them); DaemonSet pods stay.
 */
export const drainNode: KubernetesAction<DrainParams> = {
  name: 'drain_node',
  description:
    'Cordon a node, then evict its pods through the Eviction API, honouring PodDisruptionBudgets (kubectl drain --ignore-daemonsets). Target node/<name>; params { timeoutSeconds? }.',
  baseRisk: 'HIGH',
  paramsSchema: drainParams,
  targetKinds: ['node'],

  access: target => [
    nodePatchAccess(target),
    { verb: 'create', group: '', resource: 'pods', subresource: 'eviction' },
  ],

  inspect: inspectDrain,

  async execute({ apis, target, params, signal }) {
    const plan = await planDrain(apis, target.name);
    if (plan.bare.length > 0) {
      return { ok: false, detail: `refused: ${evictionsCheck(plan).detail}` };
    }
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    await setUnschedulable(apis, target.name, true);
    const timeout = (params.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
    const { evicted, left } = await evictAll(
      apis,
      plan.evict,
      Date.now() + timeout,
      signal,
    );
    return drainOutcome(target.name, plan, evicted, left);
  },
};

import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { budgetCheck, evaluateBudgets } from '../checks/budgets';
import {
  deploymentState,
  isPodReady,
  MissingTargetError,
  pickPodToRestart,
  podsOfDeployment,
  PodWorkload,
  restartsOf,
  workloadOfPod,
  controllerOf,
} from '../checks/workloads';
import { readBudgetsSelecting } from './budgetReads';
import {
  abortedOutcome,
  exactDelete,
  namespacedName,
  noParams,
  NoParams,
  readTarget,
} from './common';
import { resolveTargetDeployment } from './deployments';
import type { ActionContext, KubernetesAction } from './types';

interface Victim {
  pod: V1Pod;
  /** Undefined for a bare pod. */
  workload?: PodWorkload;
  deployment?: V1Deployment;
}

function describePod(pod: V1Pod): string {
  const state = isPodReady(pod) ? 'ready' : 'not ready';
  const restarts = restartsOf(pod);
  const node = pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : '';
  return `pod ${pod.metadata?.namespace}/${pod.metadata?.name} (${
    pod.status?.phase ?? 'Unknown'
  }, ${state}, ${restarts} restarts${node})`;
}

/** The pod a restart hits: the target pod, or the pick among a deployment's pods. */
async function findVictim({
  apis,
  target,
}: ActionContext<NoParams>): Promise<Victim> {
  const namespace = target.namespace!;
  if (target.kind === 'pod') {
    const pod = await apis.core.readNamespacedPod(namespacedName(target));
    const workload = await workloadOfPod(apis, pod);
    return { pod, workload, deployment: workload?.deployment };
  }
  const { deployment } = await resolveTargetDeployment(apis, target);
  const pod = pickPodToRestart(await podsOfDeployment(apis, deployment));
  if (!pod) {
    throw new MissingTargetError(
      `deployment ${namespace}/${deployment.metadata?.name} has no pods to restart`,
    );
  }
  return {
    pod,
    workload: { owner: controllerOf(pod)!, deployment },
    deployment,
  };
}

function ownerText(victim: Victim): string {
  const owner = victim.workload!.owner;
  const above = victim.deployment
    ? ` of Deployment ${victim.deployment.metadata?.name}`
    : '';
  return `${owner.kind} ${owner.name}${above}`;
}

/** What the inspection records of the pod to restart and its owner. */
function recordVictim(
  state: Record<string, unknown>,
  target: ActionContext<NoParams>['target'],
  { pod, workload, deployment }: Victim,
) {
  if (target.kind === 'pod') {
    state.pod = {
      name: pod.metadata?.name,
      uid: pod.metadata?.uid,
      ready: isPodReady(pod),
    };
  }
  if (deployment) state.workload = deploymentState(deployment);
  if (workload) {
    state.owner = {
      kind: workload.owner.kind,
      name: workload.owner.name,
      uid: workload.owner.uid,
    };
  }
}

/** The budgets selecting the pod, and whether losing it (if ready) breaks them. */
async function restartBudgetVerdicts(
  { apis, target }: ActionContext<NoParams>,
  pod: V1Pod,
  state: Record<string, unknown>,
) {
  const { matching, namespacePods } = await readBudgetsSelecting(
    apis,
    target.namespace!,
    pod.metadata?.labels,
    state,
  );
  return evaluateBudgets(
    matching,
    namespacePods,
    selected =>
      selected.some(p => p.metadata?.uid === pod.metadata?.uid && isPodReady(p))
        ? 1
        : 0,
    (selected, budget) => budget.status?.expectedPods ?? selected.length,
  );
}

/**
 * `restart_pod`: deletes one pod of a controller-managed workload so the
 * controller starts a fresh one. Target `pod/<ns>/<name>`, or
 * `deployment/<ns>/<name>` to restart the deployment's least healthy pod
 * (chosen at each dry-run and again at execution). Bare pods are refused.
 */
export const restartPod: KubernetesAction<NoParams> = {
  name: 'restart_pod',
  description:
    'Delete one pod of a Deployment/ReplicaSet/StatefulSet so its controller replaces it. Target pod/<ns>/<name>, or deployment/<ns>/<name> to restart its least healthy pod.',
  baseRisk: 'MEDIUM',
  paramsSchema: noParams,
  targetKinds: ['pod', 'deployment'],

  access: target => [
    {
      verb: 'delete',
      group: '',
      resource: 'pods',
      namespace: target.namespace,
      ...(target.kind === 'pod' ? { name: target.name } : {}),
    },
  ],

  async inspect(context) {
    const { target } = context;
    const read = await readTarget(
      target,
      `${target.kind} ${target.namespace}/${target.name}`,
      () => findVictim(context),
    );
    if (read.failed) return read.failed;
    const { state, found: victim } = read;
    const { pod, workload } = victim;
    recordVictim(state, target, victim);
    if (!workload) {
      return {
        checks: [
          {
            name: 'exists',
            outcome: 'fail',
            detail: `${describePod(
              pod,
            )} has no controller: deleting it would not bring it back`,
          },
        ],
        state,
      };
    }

    const verdicts = await restartBudgetVerdicts(context, pod, state);
    const chosen = target.kind === 'deployment' ? 'would restart ' : '';
    return {
      checks: [
        {
          name: 'exists',
          outcome: 'pass',
          detail: `${chosen}${describePod(pod)}, managed by ${ownerText(
            victim,
          )}`,
        },
        budgetCheck(
          verdicts,
          `no PodDisruptionBudget selects pod ${pod.metadata?.name}`,
          'while it restarts',
        ),
      ],
      state,
    };
  },

  async execute(context) {
    const { apis, target, signal } = context;
    const victim = await findVictim(context);
    if (!victim.workload) {
      return {
        ok: false,
        detail: `refused: ${describePod(
          victim.pod,
        )} has no controller to recreate it`,
      };
    }
    const aborted = abortedOutcome(signal);
    if (aborted) return aborted;
    const { pod } = victim;
    await apis.core.deleteNamespacedPod(
      exactDelete(
        { name: pod.metadata!.name!, namespace: target.namespace! },
        pod.metadata?.uid,
      ),
    );
    return {
      ok: true,
      detail: `deleted pod ${target.namespace}/${
        pod.metadata?.name
      }; ${ownerText(victim)} starts a replacement`,
    };
  },
};

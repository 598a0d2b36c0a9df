import { isPodReady } from '../controllers/helpers';
import { badRequest, KubeApiError } from '../store/errors';
import type { KubeStore } from '../store/KubeStore';
import { matchesLabelSelector } from '../store/selectors';
import type { KubeObject } from '../store/types';

interface EvictionBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: {
    dryRun?: string[];
    preconditions?: { uid?: string; resourceVersion?: string };
  };
}

function parseEviction(body: unknown, namespace: string, name: string) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the request body must be a policy/v1 Eviction');
  }
  const eviction = body as EvictionBody;
  if (eviction.kind !== undefined && eviction.kind !== 'Eviction') {
    throw badRequest(`expected kind Eviction, not ${eviction.kind}`);
  }
  if (
    eviction.metadata?.name !== undefined &&
    eviction.metadata.name !== name
  ) {
    throw badRequest('name in URL does not match name in Eviction object');
  }
  if (
    eviction.metadata?.namespace !== undefined &&
    eviction.metadata.namespace !== namespace
  ) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  return eviction.deleteOptions ?? {};
}

/** The budget's refusal, worded and shaped as the API server sends it. */
function budgetViolation(budget: KubeObject): KubeApiError {
  const status = budget.status ?? {};
  return new KubeApiError(
    429,
    'TooManyRequests',
    "Cannot evict pod as it would violate the pod's disruption budget.",
    {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: `The disruption budget ${budget.metadata.name} needs ${
            status.desiredHealthy ?? 0
          } healthy pods and has ${status.currentHealthy ?? 0} currently`,
        },
      ],
    },
  );
}

/**
 * Whether a budget lets this pod go, as the eviction REST handler decides:
 * a pod that is not running yet or any more may always go; an unready pod
 * may go while the budget is met; a ready one only while disruptions remain.
 */
function budgetAllows(pod: KubeObject, budget: KubeObject): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed') {
    return true;
  }
  const status = budget.status ?? {};
  if (!isPodReady(pod)) {
    return (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0);
  }
  return (status.disruptionsAllowed ?? 0) > 0;
}

/**
 * `POST pods/<name>/eviction` (policy/v1 Eviction): deletes the pod unless a
 * PodDisruptionBudget selecting it allows no disruption, in which case the
 * answer is a 429 `Status` naming the budget. More than one budget for a pod
 * is refused, as Kubernetes does.
 */
export function evictPod(
  store: KubeStore,
  namespace: string,
  name: string,
  body: unknown,
) {
  const options = parseEviction(body, namespace, name);
  const pod = store.read('Pod', namespace, name);
  const budgets = store
    .scan('PodDisruptionBudget', namespace)
    .filter(
      b =>
        b.spec?.selector !== undefined &&
        matchesLabelSelector(b.spec.selector, pod.metadata.labels),
    );
  if (budgets.length > 1) {
    throw new KubeApiError(
      500,
      'InternalError',
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  if (budgets.length === 1 && !budgetAllows(pod, budgets[0])) {
    throw budgetViolation(budgets[0]);
  }
  store.remove('Pod', namespace, name, {
    dryRun: options.dryRun?.includes('All'),
    preconditions: options.preconditions,
  });
  return {
    code: 201,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    },
  };
}

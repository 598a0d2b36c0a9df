import { kubeTimestamp, KubeStore } from '../store/KubeStore';
import { deepEqual } from '../store/patch';
import type { KubeObject, OwnerReference } from '../store/types';

/** The uid of the object's controlling owner, if it has one. */
export function controllerUid(obj: KubeObject): string | undefined {
  return obj.metadata.ownerReferences?.find(r => r.controller)?.uid;
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isPodReady(pod: KubeObject): boolean {
  return (
    pod.status?.conditions?.some(
      (c: { type: string; status: string }) =>
        c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/**
 * A condition that keeps its timestamps while its status and reason stay,
 * so recomputing status does not churn resourceVersions.
 */
export function condition(
  store: KubeStore,
  previous: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>,
  withUpdateTime = false,
): Condition {
  const old = previous?.find(c => c.type === next.type);
  if (old && old.status === next.status && old.reason === next.reason) {
    return { ...old, message: next.message };
  }
  const now = kubeTimestamp(store.now());
  return {
    ...next,
    ...(withUpdateTime ? { lastUpdateTime: now } : {}),
    lastTransitionTime: now,
  };
}

/** Drops zero counts, as the API's `omitempty` does. */
export function withoutZeros<T extends Record<string, unknown>>(status: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (value !== 0 && value !== undefined) out[key] = value;
  }
  return out as T;
}

/** Writes `status` only when it differs, so a settled cluster stops writing. */
export function setStatus(store: KubeStore, obj: KubeObject, status: unknown) {
  if (deepEqual(obj.status, status)) return;
  // No resourceVersion: a controller's snapshot may be older than the store.
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  store.replace({ ...obj, metadata, status }, { scope: 'status' });
}

/** An int-or-percent value (`2`, `'50%'`) resolved against `total`. */
export function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) return Number.isFinite(Number(value)) ? Number(value) : undefined;
  const exact = (total * Number(match[1])) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

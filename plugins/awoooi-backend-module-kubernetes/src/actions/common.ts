import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type { ExecutionOutcome } from '@awoooi/plugin-awoooi-node';
import { z } from 'zod';
import type { AccessNeed } from '../checks/rbac';
import { MissingTargetError } from '../checks/workloads';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import { describeKubeError, isNotFound } from '../kubeErrors';
import { formatTarget, KubernetesTarget } from '../targets';
import type { Inspection } from './types';

/** Actions that take no parameters refuse any (a typo must not pass silently). */
export const noParams = z.object({}).strict();
export type NoParams = z.infer<typeof noParams>;

/** The `exists` check for a target that could not be read. */
export function existsFailure(error: unknown, what: string): DryRunCheck {
  if (error instanceof MissingTargetError) {
    return { name: 'exists', outcome: 'fail', detail: error.message };
  }
  if (isNotFound(error)) {
    return { name: 'exists', outcome: 'fail', detail: `${what} not found` };
  }
  return {
    name: 'exists',
    outcome: 'fail',
    detail: `could not read ${what}: ${describeKubeError(error)}`,
  };
}

/**
 * Reads an action's target for its inspection. The state starts with where
 * the target is (and `extra`); a read that fails ends the inspection with
 * the failed `exists` check, returned as `failed`.
 */
export async function readTarget<T>(
  target: KubernetesTarget & { cluster: string },
  what: string,
  read: () => Promise<T>,
  extra: Record<string, unknown> = {},
): Promise<
  | { state: Record<string, unknown>; found: T; failed?: undefined }
  | { state: Record<string, unknown>; failed: Inspection }
> {
  const state: Record<string, unknown> = {
    cluster: target.cluster,
    target: formatTarget(target),
    ...extra,
  };
  try {
    return { state, found: await read() };
  } catch (error) {
    return { state, failed: { checks: [existsFailure(error, what)], state } };
  }
}

/** Stops before a change when the pipeline gave up on the request. */
export function abortedOutcome(
  signal?: AbortSignal,
): ExecutionOutcome | undefined {
  return signal?.aborted
    ? { ok: false, detail: 'aborted before any change was made' }
    : undefined;
}

/** kubectl's form of a timestamp: RFC 3339 in whole seconds. */
export function rfc3339(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The request options of a JSON merge patch, as kubectl sends for these edits. */
export function mergePatch(apis: KubernetesApis) {
  return apis.client.setHeaderOptions(
    'Content-Type',
    apis.client.PatchStrategy.MergePatch,
  );
}

/** The permission to `verb` the target itself, a namespaced object. */
export function namespacedAccess(
  target: KubernetesTarget,
  verb: string,
  group: string,
  resource: string,
  subresource?: string,
): AccessNeed {
  return {
    verb,
    group,
    resource,
    ...(subresource ? { subresource } : {}),
    namespace: target.namespace,
    name: target.name,
  };
}

/** A namespaced target as the client's read and delete calls name it. */
export function namespacedName(target: KubernetesTarget) {
  return { name: target.name, namespace: target.namespace! };
}

/**
 * A delete of exactly the object that was read: its uid is a precondition,
 * so a namesake created since is never the one deleted.
 */
export function exactDelete(
  object: { name: string; namespace: string },
  uid: string | undefined,
) {
  return { ...object, body: { preconditions: { uid } } };
}

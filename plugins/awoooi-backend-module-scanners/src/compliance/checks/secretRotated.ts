import type { KubeObject } from '@awoooi/plugin-awoooi-node';
import { isRotatableSecret } from '../../kube/kubeLinks';
import { COMPLIANCE_ANNOTATIONS } from '../annotations';
import { missingSource } from '../coverage';
import type { SubjectFacts } from '../subjectFacts';
import { CheckResult, days } from './types';

/** When a secret's value was last set: its creation, or a later `awoooi.io/rotated-at`. */
function rotatedAt(secret: KubeObject): number | undefined {
  const times = [
    secret.metadata.creationTimestamp,
    secret.metadata.annotations?.[COMPLIANCE_ANNOTATIONS.rotatedAt],
  ]
    .map(t => (t ? Date.parse(t) : NaN))
    .filter(t => Number.isFinite(t));
  return times.length ? Math.max(...times) : undefined;
}

/**
 * `secret_rotated`: the subject's Kubernetes secrets (labelled with its
 * kubernetes-id or used by its workloads) older than `maxAgeMs` are a
 * warning, older than twice that a failure.
 */
export function checkSecretRotated(
  f: SubjectFacts,
  now: Date,
  maxAgeMs: number,
): CheckResult {
  const kube =
    f.workloads.length > 0 || f.secrets.length > 0 || f.volumes.length > 0;
  if (!kube)
    return {
      status: 'unknown',
      evidence: missingSource(f, 'secret_rotated'),
      source: null,
    };
  const secrets = f.secrets
    .filter(s => isRotatableSecret(s.object))
    .map(s => ({
      name: `${s.object.metadata.namespace}/${s.object.metadata.name}`,
      at: rotatedAt(s.object),
    }));
  if (secrets.length === 0) {
    return {
      status: 'pass',
      evidence: 'No Kubernetes secrets used by its workloads',
      source: 'kubernetes',
    };
  }
  return secretAgeResult(secrets, now, maxAgeMs);
}

/**
 * The verdict on the oldest dated secret (warning past `maxAgeMs`, fail
 * past twice that), naming the others past the limit and the undated ones.
 */
function secretAgeResult(
  secrets: Array<{ name: string; at: number | undefined }>,
  now: Date,
  maxAgeMs: number,
): CheckResult {
  const undated = secrets.filter(s => s.at === undefined);
  const dated = secrets
    .filter((s): s is { name: string; at: number } => s.at !== undefined)
    .sort((a, b) => a.at - b.at);
  const limits = `warning past ${days(maxAgeMs)} days, fail past ${days(
    2 * maxAgeMs,
  )}`;
  if (dated.length === 0) {
    return {
      status: 'warning',
      evidence: `${undated.length} secret(s) without a creation time`,
      source: 'kubernetes',
    };
  }
  const oldest = dated[0];
  const age = now.getTime() - oldest.at;
  const stale = dated.filter(s => now.getTime() - s.at > maxAgeMs);
  let status: CheckResult['status'] = 'pass';
  if (age > 2 * maxAgeMs) status = 'fail';
  else if (age > maxAgeMs) status = 'warning';
  const parts = [
    `${secrets.length} secret(s); oldest ${oldest.name} is ${days(
      age,
    )} days old (${limits})`,
    stale.length > 1
      ? `${stale.length} past the limit: ${stale.map(s => s.name).join(', ')}`
      : '',
    undated.length ? `${undated.length} without a creation time` : '',
  ];
  return {
    status,
    evidence: parts.filter(Boolean).join('; '),
    source: 'kubernetes',
  };
}

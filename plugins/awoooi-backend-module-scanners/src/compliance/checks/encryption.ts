import type { ComplianceStatus } from '@awoooi/plugin-awoooi-common';
import type { KubeObject } from '@awoooi/plugin-awoooi-node';
import { COMPLIANCE_ANNOTATIONS, flag } from '../annotations';
import type { SubjectFacts } from '../subjectFacts';
import { checkEvidence } from './evidenceCheck';
import { CheckResult, worst } from './types';

// StorageClass parameters that mean encrypted volumes, per common provisioner.
const KEY_PARAMETERS = [
  'kmsKeyId',
  'disk-encryption-kms-key',
  'diskEncryptionSetID',
];

/** Whether a class's volumes are encrypted at rest: `encrypted: "true"` or a KMS key. */
export function classEncrypts(storageClass: KubeObject): boolean {
  const params: Record<string, string> =
    (storageClass as { parameters?: Record<string, string> }).parameters ?? {};
  if (flag(params.encrypted ?? '') === true) return true;
  return KEY_PARAMETERS.some(k => Boolean(params[k]));
}

/** Statuses found and the lines that explain them. */
interface Findings {
  statuses: ComplianceStatus[];
  lines: string[];
}

/** What the entity's own `awoooi.io/encryption-at-rest` annotation says. */
function annotationFindings(f: SubjectFacts, found: Findings): boolean {
  const key = COMPLIANCE_ANNOTATIONS.encryptionAtRest;
  const own = f.annotations[key];
  if (!own) return false;
  const on = flag(own);
  if (on === undefined) {
    found.statuses.push('warning');
    found.lines.push(`annotation ${key} '${own}' is neither true nor false`);
  } else {
    found.statuses.push(on ? 'pass' : 'fail');
    found.lines.push(`annotation ${key}: ${own}`);
  }
  return true;
}

/** The volumes' StorageClasses: unencrypted fail, unknown warn, encrypted pass. */
function volumeFindings(f: SubjectFacts, { statuses, lines }: Findings) {
  if (f.volumes.length === 0) {
    statuses.push('pass');
    lines.push('no persistent volumes in Kubernetes');
  }
  const name = (v: (typeof f.volumes)[number]) =>
    `${v.claim.metadata.namespace}/${v.claim.metadata.name}`;
  const missing = f.volumes.filter(v => !v.storageClass);
  const plain = f.volumes.filter(
    v => v.storageClass && !classEncrypts(v.storageClass),
  );
  const encrypted = f.volumes.filter(
    v => v.storageClass && classEncrypts(v.storageClass),
  );
  if (plain.length) {
    statuses.push('fail');
    lines.push(
      `unencrypted volume(s): ${plain
        .map(v => `${name(v)} (class ${v.storageClass!.metadata.name})`)
        .join(', ')}`,
    );
  }
  if (missing.length) {
    statuses.push('warning');
    lines.push(
      `volume(s) with an unknown StorageClass: ${missing
        .map(
          v =>
            `${name(v)} (${
              v.claim.spec?.storageClassName ?? 'no default class'
            })`,
        )
        .join(', ')}`,
    );
  }
  if (encrypted.length) {
    statuses.push('pass');
    lines.push(
      `encrypted volume(s): ${encrypted
        .map(v => `${name(v)} (class ${v.storageClass!.metadata.name})`)
        .join(', ')}`,
    );
  }
}

/**
 * `encryption_at_rest`: the entity's `awoooi.io/encryption-at-rest`
 * annotation and the StorageClass of every volume its workloads use; the
 * worse wins (an annotation cannot outvote an unencrypted volume). Workloads
 * without volumes store nothing at rest in the cluster. Evidence otherwise.
 */
export function checkEncryption(
  f: SubjectFacts,
  now: Date,
  maxAgeMs: number,
): CheckResult {
  const found: Findings = { statuses: [], lines: [] };
  let source: string | null = null;
  if (annotationFindings(f, found)) source = 'annotation';
  const kube = f.workloads.length > 0 || f.volumes.length > 0;
  if (kube) {
    source ??= 'kubernetes';
    volumeFindings(f, found);
  }
  if (found.statuses.length === 0)
    return checkEvidence(f, 'encryption_at_rest', now, maxAgeMs);
  const text = found.lines.join('; ');
  return {
    status: worst(found.statuses),
    evidence: text.charAt(0).toUpperCase() + text.slice(1),
    source,
  };
}

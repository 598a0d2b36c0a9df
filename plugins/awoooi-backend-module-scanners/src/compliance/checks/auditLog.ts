import { auditFlag, COMPLIANCE_ANNOTATIONS } from '../annotations';
import type { SubjectFacts } from '../subjectFacts';
import { checkEvidence } from './evidenceCheck';
import { CheckResult, worst } from './types';

const KEY = COMPLIANCE_ANNOTATIONS.auditLog;

/**
 * `audit_log_enabled`: the `awoooi.io/audit-log` annotation on the entity
 * (`pgaudit`, or `false` when off) and on its Kubernetes workloads (object
 * or pod template); posted evidence when neither says.
 */
export function checkAuditLog(
  f: SubjectFacts,
  now: Date,
  maxAgeMs: number,
): CheckResult {
  const facts: Array<{ on: boolean; line: string; source: string }> = [];
  const own = f.annotations[KEY];
  if (own && f.asset.source === 'catalog') {
    facts.push({
      on: auditFlag(own),
      line: `${KEY}: ${own} (catalog)`,
      source: 'annotation',
    });
  }
  for (const w of f.workloads) {
    const value =
      w.object.metadata.annotations?.[KEY] ??
      w.object.spec?.template?.metadata?.annotations?.[KEY];
    if (!value) continue;
    const where = `${w.cluster}:${w.object.metadata.namespace}/${w.object.metadata.name}`;
    facts.push({
      on: auditFlag(value),
      line: `${KEY}: ${value} (${where})`,
      source: 'kubernetes',
    });
  }
  if (facts.length === 0)
    return checkEvidence(f, 'audit_log_enabled', now, maxAgeMs);
  const off = facts.filter(x => !x.on);
  return {
    status: worst(facts.map(x => (x.on ? 'pass' : 'fail'))),
    evidence: off.length
      ? `Audit log off: ${off.map(x => x.line).join('; ')}`
      : `Audit log on: ${facts.map(x => x.line).join('; ')}`,
    source: facts[0].source,
  };
}

import {
  COMPLIANCE_DIMENSIONS,
  ComplianceDimension,
} from '@awoooi/plugin-awoooi-common';
import type { Coverage } from '../assets/assetModel';
import { KUBERNETES_ID_ANNOTATION } from '../kube/kubeLinks';
import { COMPLIANCE_ANNOTATIONS, EVIDENCE_ANNOTATIONS } from './annotations';
import type { SubjectFacts } from './subjectFacts';

const EVIDENCE_API = 'POST /api/awoooi/compliance/evidence';

const workloadAnnotation = (f: SubjectFacts, key: string) =>
  f.workloads.some(
    w =>
      w.object.metadata.annotations?.[key] ??
      w.object.spec?.template?.metadata?.annotations?.[key],
  );

/** Which sources make each dimension of a subject known. */
export function coverageOf(f: SubjectFacts): Coverage {
  const kube =
    f.workloads.length > 0 || f.secrets.length > 0 || f.volumes.length > 0;
  const has = (key: string) => Boolean(f.annotations[key]);
  const evidence = (d: ComplianceDimension) =>
    f.evidence[d] ? ['evidence'] : [];
  const coverage: Coverage = {};
  for (const d of COMPLIANCE_DIMENSIONS) {
    const sources: string[] = [];
    switch (d) {
      case 'secret_rotated':
        if (kube) sources.push('kubernetes');
        break;
      case 'ssl_cert_valid':
        if (has(COMPLIANCE_ANNOTATIONS.endpoints))
          sources.push('tls-handshake');
        break;
      case 'audit_log_enabled':
        if (has(COMPLIANCE_ANNOTATIONS.auditLog)) sources.push('annotation');
        if (workloadAnnotation(f, COMPLIANCE_ANNOTATIONS.auditLog))
          sources.push('kubernetes');
        break;
      case 'encryption_at_rest':
        if (has(COMPLIANCE_ANNOTATIONS.encryptionAtRest))
          sources.push('annotation');
        if (kube) sources.push('kubernetes');
        break;
      default:
        if (has(EVIDENCE_ANNOTATIONS[d]!)) sources.push('annotation');
    }
    coverage[d] = [...sources, ...evidence(d)];
  }
  return coverage;
}

/** For an unknown dimension: which source would make it known. */
export function missingSource(f: SubjectFacts, d: ComplianceDimension): string {
  const noClusters =
    'no Kubernetes cluster is configured (awoooi.kubernetes.clusters)';
  const kubeLink = () => {
    if (f.clusters.length === 0) return noClusters;
    if (f.asset.source === 'catalog' && !f.kubernetesId) {
      return `the entity has no ${KUBERNETES_ID_ANNOTATION} annotation tying it to Kubernetes objects`;
    }
    return `no workload, secret or volume labelled ${KUBERNETES_ID_ANNOTATION}=${
      f.kubernetesId
    } in cluster(s) ${f.clusters.join(', ')}`;
  };
  const post = (what: string) =>
    `${d} evidence (${what}) posted to ${EVIDENCE_API}`;
  switch (d) {
    case 'secret_rotated':
      return `Unknown: ${kubeLink()}`;
    case 'ssl_cert_valid':
      return `Unknown: no ${
        COMPLIANCE_ANNOTATIONS.endpoints
      } annotation (host:port, comma-separated) to check certificates on, and no ${post(
        'a certificate check',
      )}`;
    case 'cve_scan':
      return `Unknown: no ${post('e.g. a Trivy JSON report')} and no ${
        EVIDENCE_ANNOTATIONS.cve_scan
      } annotation`;
    case 'backup_tested':
      return `Unknown: no ${post('a backup-restore test result')} and no ${
        EVIDENCE_ANNOTATIONS.backup_tested
      } annotation`;
    case 'access_reviewed':
      return `Unknown: no ${post('an access-review sign-off')} and no ${
        EVIDENCE_ANNOTATIONS.access_reviewed
      } annotation`;
    case 'audit_log_enabled':
      return `Unknown: no ${
        COMPLIANCE_ANNOTATIONS.auditLog
      } annotation on the entity or its workloads, and no ${post(
        'an audit configuration check',
      )}`;
    case 'encryption_at_rest':
      return `Unknown: no ${
        COMPLIANCE_ANNOTATIONS.encryptionAtRest
      } annotation, ${kubeLink()}, and no ${post(
        'a storage encryption check',
      )}`;
    default:
      return 'Unknown: no source';
  }
}

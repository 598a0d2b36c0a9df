import type { Entity } from '@backstage/catalog-model';

/** Label selector that maps alerts to this entity, e.g. `service=checkout,namespace=prod`. */
export const ANNOTATION_ALERT_SELECTOR = 'awoooi.io/alert-selector';
/** Cost of downtime of this entity, per hour, in the configured currency. */
export const ANNOTATION_COST_PER_HOUR = 'awoooi.io/cost-per-hour';
/** Comma-separated `host:port` TLS endpoints checked by the compliance scanner. */
export const ANNOTATION_ENDPOINTS = 'awoooi.io/endpoints';
/** Comma-separated node_exporter `instance` values of hosts that run this entity. */
export const ANNOTATION_HOSTS = 'awoooi.io/hosts';
/** PromQL label matchers of this entity's series, e.g. `service="checkout"` (golden signals). */
export const ANNOTATION_PROMETHEUS_SELECTOR = 'awoooi.io/prometheus-selector';
/** `true`/`false`: whether the entity keeps an audit log (compliance). */
export const ANNOTATION_AUDIT_LOG = 'awoooi.io/audit-log';
/** `true`/`false`: whether the entity's data is encrypted at rest (compliance). */
export const ANNOTATION_ENCRYPTION_AT_REST = 'awoooi.io/encryption-at-rest';
/** On a Kubernetes secret: when its value was last replaced (compliance). */
export const ANNOTATION_ROTATED_AT = 'awoooi.io/rotated-at';
/** Latest CVE scan, as `<ISO date> [pass|warning|fail] [note]` (compliance). */
export const ANNOTATION_CVE_SCAN = 'awoooi.io/cve-scan';
/** Latest restore drill, as `<ISO date> [pass|warning|fail] [note]` (compliance). */
export const ANNOTATION_BACKUP_TESTED = 'awoooi.io/backup-tested';
/** Latest access review, as `<ISO date> [pass|warning|fail] [note]` (compliance). */
export const ANNOTATION_ACCESS_REVIEWED = 'awoooi.io/access-reviewed';
/** Name of the configured Kubernetes cluster the entity's workloads run in. */
export const ANNOTATION_KUBERNETES_CLUSTER = 'awoooi.io/kubernetes-cluster';
/** Set to `false` to hide AWOOOI tabs on an entity. */
export const ANNOTATION_ENABLED = 'awoooi.io/enabled';
/** Standard Backstage Kubernetes annotations. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

const COVERED_KINDS = new Set(['component', 'resource', 'system']);

/** True for the entities AWOOOI covers: Components, Resources and Systems not opted out. */
export function isAwoooiAvailable(entity: Entity): boolean {
  if (!COVERED_KINDS.has(entity.kind.toLocaleLowerCase('en-US'))) return false;
  return entity.metadata.annotations?.[ANNOTATION_ENABLED] !== 'false';
}

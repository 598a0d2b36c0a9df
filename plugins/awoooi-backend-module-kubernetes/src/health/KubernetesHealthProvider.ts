import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AwoooiHealthProvider,
  HealthReport,
} from '@awoooi/plugin-awoooi-node';
import type { KubernetesClusters } from '../clusters/KubernetesClusters';
import { describeKubeError } from '../kubeErrors';
import { KUBERNETES_ID_LABEL } from '../labels';
import { evaluateWorkloadHealth } from './evaluateWorkloadHealth';

/** An unhealthy workload, as handed to `resolveEntityRefs`. */
export interface UnhealthyWorkload {
  cluster: string;
  namespace: string;
  /** Its `backstage.io/kubernetes-id` label. */
  kubernetesId: string;
}

export interface KubernetesHealthProviderOptions {
  clusters: KubernetesClusters;
  logger?: LoggerService;
  /**
   * Maps a workload to the entity refs it belongs to. Default: one key
   * `kubernetes-id:<namespace>/<id>` (see `kubernetesHealthKey`), for a
   * consumer that holds the catalog to map by annotation.
   */
  resolveEntityRefs?: (
    workload: UnhealthyWorkload,
  ) => string[] | Promise<string[]>;
  /** Reports are reused for this long (default 15 000 ms). */
  cacheTtlMs?: number;
  /** Clock, in ms (default `Date.now`). */
  now?: () => number;
}

const KEY_PREFIX = 'kubernetes-id:';

/** The default report key of a workload: `kubernetes-id:<namespace>/<id>`. */
export function kubernetesHealthKey(
  namespace: string,
  kubernetesId: string,
): string {
  return `${KEY_PREFIX}${namespace}/${kubernetesId}`;
}

/** Inverse of `kubernetesHealthKey`; undefined for any other key (an entity ref). */
export function parseKubernetesHealthKey(
  key: string,
): { namespace: string; kubernetesId: string } | undefined {
  if (!key.startsWith(KEY_PREFIX)) return undefined;
  const [namespace, kubernetesId, extra] = key
    .slice(KEY_PREFIX.length)
    .split('/');
  if (!namespace || !kubernetesId || extra !== undefined) return undefined;
  return { namespace, kubernetesId };
}

/**
 * Live workload health for the analysis: every configured cluster's
 * Deployments and pods labelled `backstage.io/kubernetes-id`, judged by
 * `evaluateWorkloadHealth`. A cluster that cannot be read is logged and
 * skipped (the analysis goes on with what is known). Cached briefly.
 */
export class KubernetesHealthProvider implements AwoooiHealthProvider {
  readonly id = 'kubernetes';
  private readonly options: KubernetesHealthProviderOptions;
  private cached: { at: number; report: Promise<HealthReport> } | undefined;

  constructor(options: KubernetesHealthProviderOptions) {
    this.options = options;
  }

  unhealthyEntities(): Promise<HealthReport> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.cacheTtlMs ?? 15_000;
    if (this.cached && now - this.cached.at < ttl) return this.cached.report;
    const report = this.collect();
    this.cached = { at: now, report };
    report.catch(() => {
      this.cached = undefined;
    });
    return report;
  }

  private async collect(): Promise<HealthReport> {
    const { clusters, logger } = this.options;
    const resolve =
      this.options.resolveEntityRefs ??
      ((w: UnhealthyWorkload) => [
        kubernetesHealthKey(w.namespace, w.kubernetesId),
      ]);
    const several = clusters.names.length > 1;
    const report: HealthReport = new Map();
    for (const cluster of clusters.names) {
      let findings;
      try {
        const [deployments, pods] = await Promise.all([
          clusters.listDeployments({
            cluster,
            labelSelector: KUBERNETES_ID_LABEL,
          }),
          clusters.listPods({ cluster, labelSelector: KUBERNETES_ID_LABEL }),
        ]);
        findings = evaluateWorkloadHealth(deployments, pods);
      } catch (error) {
        logger?.warn(
          `kubernetes health: cluster ${cluster} could not be read: ${describeKubeError(
            error,
          )}`,
        );
        continue;
      }
      for (const finding of findings) {
        const refs = await resolve({ cluster, ...finding });
        const evidence = several
          ? finding.evidence.map(e => `[${cluster}] ${e}`)
          : finding.evidence;
        for (const ref of refs) {
          report.set(ref, [...(report.get(ref) ?? []), ...evidence]);
        }
      }
    }
    return report;
  }
}

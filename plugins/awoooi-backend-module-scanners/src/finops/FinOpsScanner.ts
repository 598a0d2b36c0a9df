import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  FinOpsRecommendation,
  FinOpsReport,
} from '@awoooi/plugin-awoooi-common';
import {
  AwoooiClusterSource,
  AwoooiMetricsSource,
  buildFinOpsReport,
  parseFinOpsInput,
} from '@awoooi/plugin-awoooi-node';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { loadScanEntities } from '../catalog/scanEntities';
import { KubeEntityIndex } from '../kube/kubeLinks';
import { loadKubeSnapshot } from '../kube/kubeSnapshot';
import type { FinOpsSettings } from '../settings';
import type { FinOpsStore } from '../store/FinOpsStore';
import {
  appendLog,
  describeError,
  SCANNER_ACTOR,
  ScanContext,
  ScanOutcome,
  Scanner,
  sourcesError,
} from '../types';
import { buildFinOpsInput } from './finopsInput';
import { PodUsage, readPodUsage } from './podUsage';

/**
 * Daily FinOps scan: per cluster, the objects from Kubernetes and
 * a week of per-pod use from Prometheus go through the engine's waste maths
 * with the configured prices; reports per cluster and per entity, with history.
 */
export class FinOpsScanner implements Scanner {
  readonly id = 'finops' as const;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      clusterSources: AwoooiClusterSource[];
      metricsSources: AwoooiMetricsSource[];
      store: FinOpsStore;
      operationLog: OperationLogStore;
      settings: FinOpsSettings;
      offeredActions?: () => string[] | undefined;
    },
  ) {}

  /** The Prometheus that has a cluster's container metrics, or why there is none. */
  private metricsFor(cluster: string): {
    source?: AwoooiMetricsSource;
    note?: string;
    error?: string;
  } {
    const { metricsSources } = this.deps;
    const named = this.deps.settings.clusters[cluster]?.prometheus;
    if (named) {
      const source = metricsSources.find(s => s.name === named);
      return source
        ? { source }
        : {
            error: `awoooi.finops.clusters '${cluster}' names Prometheus '${named}', which is not configured`,
          };
    }
    if (metricsSources.length === 0) {
      return {
        note: `cluster '${cluster}': no Prometheus is configured (awoooi.prometheus.servers), so only orphaned volumes were computed; zombie pods and over-provisioned nodes need per-pod usage`,
      };
    }
    return {
      source: metricsSources[0],
      note:
        metricsSources.length > 1
          ? `cluster '${cluster}': usage read from Prometheus '${metricsSources[0].name}' (set awoooi.finops.clusters to choose)`
          : undefined,
    };
  }

  async run({ runId, signal, now }: ScanContext): Promise<ScanOutcome> {
    const { settings, store } = this.deps;
    if (this.deps.clusterSources.length === 0) {
      return {
        counts: { clusters: 0 },
        notes: [
          'No Kubernetes cluster is configured (awoooi.kubernetes.clusters): nothing to compute',
        ],
      };
    }
    const index = new KubeEntityIndex(
      await loadScanEntities(this.deps.catalog, this.deps.auth, signal),
    );
    const at = now.toISOString();
    const notes: string[] = [];
    const errors: string[] = [];
    const entityRefs = new Set<string>();
    const counts = emptyCounts();
    for (const cluster of this.deps.clusterSources) {
      signal.throwIfAborted();
      try {
        const { report, built } = await this.clusterReport(
          cluster,
          index,
          { now, signal },
          notes,
        );
        const { opened, resolved } = await store.applyCluster(
          runId,
          at,
          report,
        );
        built.entityRefs.forEach(ref => entityRefs.add(ref));
        await this.logChanges(runId, cluster.name, opened, resolved);
        tallyCluster(counts, report, opened.length, resolved.length);
      } catch (error) {
        signal.throwIfAborted();
        // Findings of a cluster that did not answer stay as they were.
        errors.push(describeError(error));
      }
    }
    const entities = await store.writeEntityReports(
      runId,
      at,
      settings.prices.currency,
      entityRefs,
    );
    return {
      counts: { ...counts, entities },
      notes,
      error: sourcesError(errors),
    };
  }

  /**
   * One cluster's report: its objects, a week of pod usage from its
   * Prometheus (when there is one), through the engine at the set prices.
   * Notes about missing usage go to `notes`.
   */
  private async clusterReport(
    cluster: AwoooiClusterSource,
    index: KubeEntityIndex,
    { now, signal }: { now: Date; signal: AbortSignal },
    notes: string[],
  ) {
    const { settings } = this.deps;
    const metrics = this.metricsFor(cluster.name);
    if (metrics.note) notes.push(metrics.note);
    if (metrics.error) throw new Error(metrics.error);
    const snapshot = await loadKubeSnapshot(
      cluster,
      ['pods', 'persistentvolumeclaims', 'nodes'],
      signal,
    );
    let usage: Map<string, PodUsage> | undefined;
    if (metrics.source) {
      usage = await readPodUsage(
        metrics.source,
        now,
        settings.days,
        settings.clusters[cluster.name]?.selector,
      );
    }
    const built = buildFinOpsInput(snapshot, index, usage);
    notes.push(...built.notes);
    const parsed = parseFinOpsInput(built.input);
    if (!parsed.success)
      throw new Error(
        `cluster '${cluster.name}': unusable FinOps input: ${parsed.error}`,
      );
    const report = buildFinOpsReport(parsed.data, settings.prices, {
      ...settings.options,
      nodeResizeAction: settings.nodeResizeAction,
      offeredActions: this.deps.offeredActions?.(),
      generatedAt: now.toISOString(),
    });
    return { report, built };
  }

  /** An entry per recommendation the cluster's report opened or resolved. */
  private async logChanges(
    runId: number,
    cluster: string,
    opened: FinOpsRecommendation[],
    resolved: string[],
  ) {
    await appendLog(this.deps.operationLog, [
      ...opened.map(r => ({
        opType: 'finops_recommendation',
        actor: SCANNER_ACTOR('finops'),
        entityRef: r.entityRef,
        details: {
          runId,
          id: r.id,
          kind: r.kind,
          cluster: r.cluster,
          resource: r.resource,
          monthlyCost: r.monthlyCost,
          risk: r.risk,
        },
      })),
      ...resolved.map(id => ({
        opType: 'finops_recommendation_resolved',
        actor: SCANNER_ACTOR('finops'),
        details: { runId, id, cluster },
      })),
    ]);
  }
}

type FinOpsCounts = ReturnType<typeof emptyCounts>;

function emptyCounts() {
  return {
    clusters: 0,
    recommendations: 0,
    opened: 0,
    resolved: 0,
    monthlyWaste: 0,
  };
}

/** Adds a cluster's report to the run's counts (waste rounded to cents). */
function tallyCluster(
  counts: FinOpsCounts,
  report: FinOpsReport,
  opened: number,
  resolved: number,
) {
  counts.clusters++;
  counts.recommendations += report.recommendations.length;
  counts.opened += opened;
  counts.resolved += resolved;
  counts.monthlyWaste =
    Math.round((counts.monthlyWaste + report.monthlyWaste) * 100) / 100;
}

import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { HostCapacity } from '@awoooi/plugin-awoooi-common';
import {
  AwoooiMetricsSource,
  capacityBreaches,
  CapacityThresholds,
} from '@awoooi/plugin-awoooi-node';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { loadScanEntities } from '../catalog/scanEntities';
import type { CapacityStore } from '../store/CapacityStore';
import {
  appendLog,
  describeError,
  SCANNER_ACTOR,
  ScanContext,
  ScanOutcome,
  Scanner,
  sourcesError,
} from '../types';
import { HostEntityIndex } from './hostEntities';
import { HostReading, readHosts } from './hostMetrics';

const LABEL = { cpu: 'CPU', memory: 'memory' } as const;

/** What to do about a host over a threshold, in words for the operation log. */
export function capacityAdvice(
  host: HostCapacity,
  thresholds: CapacityThresholds,
  window: string,
) {
  const breaches = capacityBreaches(host, thresholds);
  return breaches
    .map(b => {
      const act =
        b.metric === 'cpu'
          ? 'add CPU or move workloads off the host'
          : 'add memory or move workloads off the host';
      return `${LABEL[b.metric]} ${b.value}% over ${window} is above the ${
        b.level
      } threshold ${b.threshold}%: ${act}`;
    })
    .join('; ');
}

/**
 * Daily capacity scan: node_exporter figures per host from every
 * Prometheus, a verdict per host, violation events over hard thresholds.
 */
export class CapacityScanner implements Scanner {
  readonly id = 'capacity' as const;

  constructor(
    private readonly deps: {
      sources: AwoooiMetricsSource[];
      store: CapacityStore;
      operationLog: OperationLogStore;
      catalog: CatalogService;
      auth: AuthService;
      thresholds: CapacityThresholds;
      window: string;
    },
  ) {}

  async run({ runId, signal, now }: ScanContext): Promise<ScanOutcome> {
    const { sources, window } = this.deps;
    if (sources.length === 0) {
      return {
        counts: { servers: 0, hosts: 0 },
        notes: [
          'No Prometheus server is configured (awoooi.prometheus.servers): no host was read',
        ],
      };
    }
    const index = new HostEntityIndex(
      await loadScanEntities(this.deps.catalog, this.deps.auth, signal),
    );
    const counts = emptyCounts();
    const notes: string[] = [];
    const errors: string[] = [];
    const takenAt = now.toISOString();

    for (const source of sources) {
      signal.throwIfAborted();
      let readings: { hosts: HostReading[]; incomplete: string[] };
      try {
        readings = await readHosts(source, window, now);
      } catch (error) {
        errors.push(describeError(error));
        continue;
      }
      counts.servers++;
      if (readings.incomplete.length) {
        notes.push(
          `Prometheus '${
            source.name
          }': no complete node_exporter figures over ${window} for ${readings.incomplete.join(
            ', ',
          )}`,
        );
      }
      const hosts = this.judgeHosts(readings.hosts, source, index, takenAt);
      signal.throwIfAborted();
      await this.recordHosts(runId, source, hosts, takenAt, counts);
    }
    return {
      counts,
      notes,
      error: sourcesError(errors),
    };
  }

  /** Each host's verdict (its worst breach) and the entities it runs. */
  private judgeHosts(
    readings: HostReading[],
    source: AwoooiMetricsSource,
    index: HostEntityIndex,
    takenAt: string,
  ): HostCapacity[] {
    return readings.map(h => {
      const breaches = capacityBreaches(h, this.deps.thresholds);
      return {
        ...h,
        server: source.name,
        verdict: breaches[0]?.level ?? 'ok',
        entityRefs: index.refsFor(h.instance),
        takenAt,
      };
    });
  }

  /**
   * Stores a server's hosts, opens and resolves its violations (critical
   * breaches only), and logs the advice and the new violations.
   */
  private async recordHosts(
    runId: number,
    source: AwoooiMetricsSource,
    hosts: HostCapacity[],
    takenAt: string,
    counts: CapacityCounts,
  ) {
    const { thresholds } = this.deps;
    await this.deps.store.addSnapshots(runId, hosts);
    const { opened, resolved } = await this.deps.store.applyViolations({
      runId,
      server: source.name,
      at: takenAt,
      readHosts: hosts.map(h => h.instance),
      breaches: hosts.flatMap(h =>
        capacityBreaches(h, thresholds)
          .filter(b => b.level === 'critical')
          .map(breach => ({
            instance: h.instance,
            breach,
            entityRefs: h.entityRefs,
          })),
      ),
    });
    counts.hosts += hosts.length;
    counts.violationsOpened += opened.length;
    counts.violationsResolved += resolved;
    for (const h of hosts) counts[h.verdict]++;

    await this.logRecommendations(runId, hosts);
    await appendLog(
      this.deps.operationLog,
      opened.map(v => ({
        opType: 'capacity_violation',
        actor: SCANNER_ACTOR('capacity'),
        entityRef: v.entityRefs[0] ?? null,
        details: {
          runId,
          server: v.server,
          instance: v.instance,
          metric: v.metric,
          value: v.value,
          threshold: v.threshold,
        },
      })),
    );
  }

  /** One recommendation per host that is not ok, with its figures. */
  private async logRecommendations(runId: number, hosts: HostCapacity[]) {
    const { thresholds, window } = this.deps;
    await appendLog(
      this.deps.operationLog,
      hosts
        .filter(h => h.verdict !== 'ok')
        .map(h => ({
          opType: 'capacity_recommendation',
          actor: SCANNER_ACTOR('capacity'),
          entityRef: h.entityRefs[0] ?? null,
          details: {
            runId,
            server: h.server,
            instance: h.instance,
            verdict: h.verdict,
            entityRefs: h.entityRefs,
            cpuPercent: h.cpuPercent,
            memoryPercent: h.memoryPercent,
            iowaitPercent: h.iowaitPercent,
            swapPercent: h.swapPercent,
            load: [h.load1, h.load5, h.load15],
            recommendation: capacityAdvice(h, thresholds, window),
          },
        })),
    );
  }
}

type CapacityCounts = ReturnType<typeof emptyCounts>;

function emptyCounts() {
  return {
    servers: 0,
    hosts: 0,
    ok: 0,
    warning: 0,
    critical: 0,
    violationsOpened: 0,
    violationsResolved: 0,
  };
}

import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AwoooiClusterSource,
  AwoooiFinOpsRecommendations,
  AwoooiHealthProvider,
  AwoooiMetricsSource,
  AwoooiRequestAccess,
  OperationLogStore,
} from '@awoooi/plugin-awoooi-node';
import type express from 'express';
import type { Knex } from 'knex';
import { AssetScanner } from './assets/AssetScanner';
import { CapacityHealthProvider } from './capacity/CapacityHealthProvider';
import { CapacityScanner } from './capacity/CapacityScanner';
import { ComplianceScanner } from './compliance/ComplianceScanner';
import { FinOpsScanner } from './finops/FinOpsScanner';
import { capacityRoutes } from './routes/capacityRoutes';
import { complianceRoutes } from './routes/complianceRoutes';
import type { ScanRouteContext } from './routes/context';
import { finopsRoutes } from './routes/finopsRoutes';
import { inventoryRoutes } from './routes/inventoryRoutes';
import { scanRoutes } from './routes/scanRoutes';
import { RuleSyncScanner } from './rules/RuleSyncScanner';
import { ScanRunner } from './schedule/ScanRunner';
import { readScanSettings, SCAN_IDS, ScanSettings } from './settings';
import { AssetStore } from './store/AssetStore';
import { CapacityStore } from './store/CapacityStore';
import { ComplianceStore } from './store/ComplianceStore';
import { EvidenceStore } from './store/EvidenceStore';
import { FinOpsStore } from './store/FinOpsStore';
import { RuleCatalogStore } from './store/RuleCatalogStore';
import { ScanRunStore } from './store/ScanRunStore';
import type { Scanner } from './types';

export interface ScannerDeps {
  db: Knex;
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  operationLog: OperationLogStore;
  metricsSources: AwoooiMetricsSource[];
  clusterSources: AwoooiClusterSource[];
  /** Names of the actions the executors offer now (FinOps counts only what can be done). */
  offeredActions?: () => string[] | undefined;
  /** The scanners' clock; tests move it. */
  now?: () => Date;
}

export interface Scanners {
  /** Mounts the scan, capacity, rules, assets, compliance and FinOps routes. */
  registerRoutes(router: express.Router, access: AwoooiRequestAccess): void;
  /** Entities on hosts with an open capacity violation. */
  healthProvider: AwoooiHealthProvider;
  /** For the approval pipeline: a recommendation and its link to a proposal. */
  finops: AwoooiFinOpsRecommendations;
  /** Resolves when the manual runs this instance started have finished. */
  idle(): Promise<void>;
}

/** Ticks once a minute; the zone's cron decides whether a run is due (see README). */
const TICK_CRON = '* * * * *';

/**
 * The scheduled scanners (capacity, compliance, assets, alert rules, FinOps): stores, the runner, one global
 * scheduler task per scanner, and their REST routes.
 */
export async function setupScanners(deps: ScannerDeps): Promise<Scanners> {
  const { db, operationLog } = deps;
  const settings = readScanSettings(deps.config);
  const stores = createScanStores(db);
  const { runs, capacity, finops } = stores;
  const runner = new ScanRunner({
    store: runs,
    scanners: new Map(
      createScanners(deps, settings, stores).map(s => [s.id, s]),
    ),
    schedules: settings.schedules,
    logger: deps.logger,
    now: deps.now,
  });
  await scheduleScans(deps, settings, runner);

  return {
    registerRoutes(router, access) {
      const ctx: ScanRouteContext = {
        access,
        runner,
        settings,
        operationLog,
        ...stores,
      };
      scanRoutes(router, ctx);
      capacityRoutes(router, ctx);
      inventoryRoutes(router, ctx);
      complianceRoutes(router, ctx);
      finopsRoutes(router, ctx);
    },
    healthProvider: new CapacityHealthProvider(capacity),
    finops: {
      getRecommendation: id => finops.getRecommendation(id),
      async markProposed(id, proposalId) {
        if (!(await finops.markProposed(id, proposalId))) {
          throw new NotFoundError(`No FinOps recommendation ${id}`);
        }
      },
    },
    idle: () => runner.idle(),
  };
}

type ScanStores = ReturnType<typeof createScanStores>;

function createScanStores(db: Knex) {
  return {
    runs: ScanRunStore.create(db),
    capacity: CapacityStore.create(db),
    rules: RuleCatalogStore.create(db),
    assets: AssetStore.create(db),
    compliance: ComplianceStore.create(db),
    evidence: EvidenceStore.create(db),
    finops: FinOpsStore.create(db),
  };
}

function createScanners(
  deps: ScannerDeps,
  settings: ScanSettings,
  stores: ScanStores,
): Scanner[] {
  const { operationLog, catalog, auth, metricsSources, clusterSources } = deps;
  const { evidence } = stores;
  return [
    new CapacityScanner({
      sources: metricsSources,
      store: stores.capacity,
      operationLog,
      catalog,
      auth,
      thresholds: settings.capacity.thresholds,
      window: settings.capacity.window,
    }),
    new RuleSyncScanner({
      sources: metricsSources,
      store: stores.rules,
      operationLog,
    }),
    new AssetScanner({
      catalog,
      auth,
      clusterSources,
      store: stores.assets,
      evidence,
      operationLog,
    }),
    new ComplianceScanner({
      catalog,
      auth,
      clusterSources,
      evidence,
      store: stores.compliance,
      operationLog,
      settings: settings.compliance,
    }),
    new FinOpsScanner({
      catalog,
      auth,
      clusterSources,
      metricsSources,
      store: stores.finops,
      operationLog,
      settings: settings.finops,
      offeredActions: deps.offeredActions,
    }),
  ];
}

/** One global task per scanner, ticking each minute; the runner decides what is due. */
async function scheduleScans(
  deps: ScannerDeps,
  settings: ScanSettings,
  runner: ScanRunner,
) {
  for (const id of SCAN_IDS) {
    const { cron, timeoutMs } = settings.schedules[id];
    await deps.scheduler.scheduleTask({
      id: `awoooi-scan-${id}`,
      scope: 'global',
      frequency: { cron: TICK_CRON },
      timeout: { milliseconds: timeoutMs + 60_000 },
      initialDelay: { seconds: 15 },
      fn: async signal => {
        await runner.runDue(id, signal);
      },
    });
    deps.logger.info(
      `AWOOOI scan '${id}' scheduled: '${cron.expression}' in ${cron.timeZone}`,
    );
  }
}

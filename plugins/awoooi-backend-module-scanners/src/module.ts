import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  awoooiHealthExtensionPoint,
  awoooiJsonBody,
  awoooiOperationLogServiceRef,
  AwoooiRequestAccess,
  awoooiScannersExtensionPoint,
  productionErrors,
} from '@awoooi/plugin-awoooi-node';
import Router from 'express-promise-router';
import { setupScanners } from './setupScanners';

/** The paths the scanners answer under `/api/awoooi`; their bodies are read there only. */
const SCAN_PATHS = [
  '/scans',
  '/capacity',
  '/rules',
  '/assets',
  '/compliance',
  '/finops',
];

/**
 * The scheduled scanners of AWOOOI (capacity, compliance, assets, alert-rule
 * sync, FinOps) with their stores and routes. They read the metrics and
 * cluster sources the plugin has, report capacity violations as health,
 * and give the approval pipeline their FinOps recommendations.
 */
export const awoooiModuleScanners = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'scanners',
  register(env) {
    env.registerInit({
      deps: {
        health: awoooiHealthExtensionPoint,
        scannerHost: awoooiScannersExtensionPoint,
        operationLog: awoooiOperationLogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { scannerHost } = deps;
        // The plugin's database: its schema is the plugin's migrations.
        const scanners = await setupScanners({
          db: await deps.database.getClient(),
          config: deps.config,
          logger: deps.logger,
          scheduler: deps.scheduler,
          catalog: deps.catalog,
          auth: deps.auth,
          operationLog: deps.operationLog,
          metricsSources: scannerHost.metricsSources,
          clusterSources: scannerHost.clusterSources,
          offeredActions: () => scannerHost.offeredActions(),
        });
        // Capacity violations make the hosts' entities unhealthy in analyses.
        deps.health.addHealthProvider(scanners.healthProvider);
        scannerHost.setFinOpsRecommendations(scanners.finops);

        const router = Router();
        router.use(SCAN_PATHS, awoooiJsonBody(deps.config));
        scanners.registerRoutes(
          router,
          new AwoooiRequestAccess({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
          }),
        );
        router.use(productionErrors(deps.logger));
        deps.httpRouter.use(router);
        deps.lifecycle.addShutdownHook(() => scanners.idle());
      },
    });
  },
});

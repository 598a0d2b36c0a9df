import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import type {
  AwoooiClusterSource,
  AwoooiMetricsSource,
} from '@awoooi/plugin-awoooi-node';
import { readRoleMapping } from '@awoooi/plugin-awoooi-node';
import express from 'express';
import Router from 'express-promise-router';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { Access } from '../../service/access';
import { setupScanners, Scanners } from '../index';
import { migrate } from './scanDatabase';

/**
 * A plugin with the id `awoooi` that wires only the scanners, as plugin.ts
 * does: the routes land under /api/awoooi.
 */
export function scannersTestPlugin(options: {
  metricsSources?: AwoooiMetricsSource[];
  clusterSources?: AwoooiClusterSource[];
  onReady?: (scanners: Scanners) => void;
}) {
  return createBackendPlugin({
    pluginId: 'awoooi',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          userInfo: coreServices.userInfo,
          permissions: coreServices.permissions,
          auth: coreServices.auth,
          catalog: catalogServiceRef,
        },
        async init(deps) {
          const db = await migrate(await deps.database.getClient());
          const scanners = await setupScanners({
            db,
            config: deps.config,
            logger: deps.logger,
            scheduler: deps.scheduler,
            catalog: deps.catalog,
            auth: deps.auth,
            operationLog: new OperationLogStore(db),
            metricsSources: options.metricsSources ?? [],
            clusterSources: options.clusterSources ?? [],
          });
          const access = new Access({
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            auth: deps.auth,
            catalog: deps.catalog,
            roles: readRoleMapping(deps.config),
          });
          const router = Router();
          router.use(express.json());
          scanners.registerRoutes(router, access);
          deps.httpRouter.use(router);
          options.onReady?.(scanners);
        },
      });
    },
  });
}

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type {
  AwoooiClusterSource,
  AwoooiFinOpsRecommendations,
  AwoooiHealthProvider,
  AwoooiMetricsSource,
} from '@awoooi/plugin-awoooi-node';
import {
  awoooiHealthExtensionPoint,
  awoooiScannersExtensionPoint,
} from '@awoooi/plugin-awoooi-node';
import { awoooiModuleScanners } from '../module';
import { migrate } from './scanDatabase';

/** What the plugin received from the scanners module. */
export interface ScannersTestHost {
  finops: AwoooiFinOpsRecommendations;
  healthProviders: AwoooiHealthProvider[];
}

/**
 * The scanners module with a plugin of the id `awoooi` that stands in for
 * the backend plugin: it migrates the plugin's database and offers the
 * extension points the module uses, so the routes land under /api/awoooi.
 */
export function scannersTestPlugin(options: {
  metricsSources?: AwoooiMetricsSource[];
  clusterSources?: AwoooiClusterSource[];
  offeredActions?: () => string[];
  onReady?: (host: ScannersTestHost) => void;
}) {
  const healthProviders: AwoooiHealthProvider[] = [];
  let finops: AwoooiFinOpsRecommendations | undefined;
  const plugin = createBackendPlugin({
    pluginId: 'awoooi',
    register(env) {
      env.registerExtensionPoint(awoooiHealthExtensionPoint, {
        addHealthProvider: provider => healthProviders.push(provider),
      });
      env.registerExtensionPoint(awoooiScannersExtensionPoint, {
        metricsSources: options.metricsSources ?? [],
        clusterSources: options.clusterSources ?? [],
        offeredActions: () => options.offeredActions?.(),
        setFinOpsRecommendations: provider => {
          finops = provider;
        },
      });
      env.registerInit({
        deps: { database: coreServices.database },
        async init({ database }) {
          await migrate(await database.getClient());
          if (!finops) throw new Error('The scanners module set no FinOps');
          options.onReady?.({ finops, healthProviders });
        },
      });
    },
  });
  return [plugin, awoooiModuleScanners];
}

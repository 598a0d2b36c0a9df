import type { BackendPluginRegistrationPoints } from '@backstage/backend-plugin-api';
import {
  AwoooiBrain,
  AwoooiClusterSource,
  AwoooiFinOpsRecommendations,
  AwoooiHealthProvider,
  AwoooiMetricsSource,
  AwoooiNotifier,
  awoooiBrainsExtensionPoint,
  awoooiExecutorsExtensionPoint,
  awoooiHealthExtensionPoint,
  awoooiNotifiersExtensionPoint,
  awoooiScannersExtensionPoint,
  awoooiSourcesExtensionPoint,
} from '@awoooi/plugin-awoooi-node';
import { ExecutorRegistry } from '../execution/ExecutorRegistry';

/** What modules add at startup; read when the plugin initialises and later. */
export interface Extensions {
  brains: Map<string, AwoooiBrain>;
  executors: ExecutorRegistry;
  notifiers: AwoooiNotifier[];
  healthProviders: AwoooiHealthProvider[];
  metricsSources: AwoooiMetricsSource[];
  clusterSources: AwoooiClusterSource[];
  /** What a scanner module reads and gives back (see awoooiScannersExtensionPoint). */
  scanners: {
    /** The metrics sources behind the shared cache, filled when the plugin initialises. */
    metricsSources: AwoooiMetricsSource[];
    finops?: AwoooiFinOpsRecommendations;
  };
}

/** Registers AWOOOI's extension points; modules fill the returned lists. */
export function registerExtensionPoints(
  env: Pick<BackendPluginRegistrationPoints, 'registerExtensionPoint'>,
): Extensions {
  const ext: Extensions = {
    brains: new Map(),
    executors: new ExecutorRegistry(),
    notifiers: [],
    healthProviders: [],
    metricsSources: [],
    clusterSources: [],
    scanners: { metricsSources: [] },
  };
  env.registerExtensionPoint(awoooiBrainsExtensionPoint, {
    addBrain(brain) {
      if (ext.brains.has(brain.id))
        throw new Error(`AWOOOI brain '${brain.id}' registered twice`);
      ext.brains.set(brain.id, brain);
    },
  });
  env.registerExtensionPoint(awoooiExecutorsExtensionPoint, {
    addExecutor: executor => ext.executors.add(executor),
  });
  env.registerExtensionPoint(awoooiNotifiersExtensionPoint, {
    addNotifier: notifier => ext.notifiers.push(notifier),
  });
  env.registerExtensionPoint(awoooiHealthExtensionPoint, {
    addHealthProvider: provider => ext.healthProviders.push(provider),
  });
  env.registerExtensionPoint(awoooiSourcesExtensionPoint, {
    addMetricsSource: source => ext.metricsSources.push(source),
    addClusterSource: source => ext.clusterSources.push(source),
  });
  env.registerExtensionPoint(awoooiScannersExtensionPoint, {
    metricsSources: ext.scanners.metricsSources,
    clusterSources: ext.clusterSources,
    offeredActions: () => ext.executors.list().map(a => a.name),
    setFinOpsRecommendations(provider) {
      if (ext.scanners.finops)
        throw new Error('AWOOOI FinOps recommendations registered twice');
      ext.scanners.finops = provider;
    },
  });
  return ext;
}

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  awoooiExecutorsExtensionPoint,
  awoooiHealthExtensionPoint,
  awoooiSourcesExtensionPoint,
} from '@awoooi/plugin-awoooi-node';
import { kubernetesClusterSources } from './clusterSource';
import { KubernetesClusters } from './clusters/KubernetesClusters';
import { KubernetesHealthProvider } from './health/KubernetesHealthProvider';
import { KubernetesActionExecutor } from './KubernetesActionExecutor';

/**
 * Adds the Kubernetes executor, workload health and cluster sources to AWOOOI for the
 * clusters under `awoooi.kubernetes.clusters`; without clusters it adds nothing.
 */
export const awoooiModuleKubernetes = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'kubernetes',
  register(env) {
    env.registerInit({
      deps: {
        executors: awoooiExecutorsExtensionPoint,
        health: awoooiHealthExtensionPoint,
        sources: awoooiSourcesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ executors, health, sources, config, logger }) {
        const clusters = KubernetesClusters.fromConfig(config);
        if (clusters.names.length === 0) {
          logger.info(
            'No awoooi.kubernetes.clusters configured; the Kubernetes executor is off',
          );
          return;
        }
        executors.addExecutor(new KubernetesActionExecutor({ clusters }));
        // Read-only inventory for the asset, compliance and FinOps scanners.
        kubernetesClusterSources(clusters).forEach(s =>
          sources.addClusterSource(s),
        );
        const cacheSeconds = config.getOptionalNumber(
          'awoooi.kubernetes.health.cacheSeconds',
        );
        health.addHealthProvider(
          new KubernetesHealthProvider({
            clusters,
            logger,
            cacheTtlMs:
              cacheSeconds !== undefined ? cacheSeconds * 1000 : undefined,
          }),
        );
        logger.info(
          `Kubernetes executor ready for cluster(s) ${clusters.names.join(
            ', ',
          )} (default ${clusters.defaultCluster})`,
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { awoooiSourcesExtensionPoint } from '@awoooi/plugin-awoooi-node';
import { PrometheusClient } from './PrometheusClient';
import { readPrometheusServers } from './readServers';

/**
 * One metrics source per server under `awoooi.prometheus.servers`, for the
 * capacity, rule-sync and FinOps scanners.
 */
export const awoooiModulePrometheus = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'prometheus',
  register(env) {
    env.registerInit({
      deps: {
        sources: awoooiSourcesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ sources, config, logger }) {
        const servers = readPrometheusServers(config);
        if (servers.length === 0) {
          logger.info(
            'awoooi.prometheus.servers is empty; no Prometheus metrics source added',
          );
          return;
        }
        for (const server of servers) {
          sources.addMetricsSource(new PrometheusClient(server));
          logger.info(
            `Added Prometheus metrics source '${server.name}' (${server.baseUrl})`,
          );
        }
      },
    });
  },
});

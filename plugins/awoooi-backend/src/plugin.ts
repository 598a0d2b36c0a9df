import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { subscribeAlertEvents } from './ingest/subscribeAlertEvents';
import { createServices } from './wiring/createServices';
import { pluginDeps } from './wiring/deps';
import { registerExtensionPoints } from './wiring/extensionPoints';
import { mountRoutes } from './wiring/routes';
import { scheduleTasks } from './wiring/tasks';

/**
 * AWOOOI backend plugin: alerts in → incidents → topology analysis on the
 * live catalog → proposals with dry-run and signatures → execution →
 * verification. This file only wires; each part lives beside its domain.
 */
export const awoooiPlugin = createBackendPlugin({
  pluginId: 'awoooi',
  register(env) {
    const extensions = registerExtensionPoints(env);
    env.registerInit({
      deps: pluginDeps,
      async init(deps) {
        const services = await createServices(deps, extensions);
        mountRoutes(deps, services);
        await subscribeAlertEvents(deps.events, services.ingestor, deps.logger);
        await scheduleTasks(deps, services);
        deps.lifecycle.addShutdownHook(async () => {
          await services.queue.idle();
        });
        deps.logger.info(
          `AWOOOI ready: brain '${services.settings.analysis.brainProvider}', ${
            extensions.executors.list().length
          } actions`,
        );
      },
    });
  },
});

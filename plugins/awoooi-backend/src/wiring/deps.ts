import { coreServices, ServiceRef } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';

/** The Backstage services the AWOOOI backend uses. */
export const pluginDeps = {
  logger: coreServices.logger,
  config: coreServices.rootConfig,
  database: coreServices.database,
  httpRouter: coreServices.httpRouter,
  httpAuth: coreServices.httpAuth,
  userInfo: coreServices.userInfo,
  auth: coreServices.auth,
  permissions: coreServices.permissions,
  permissionsRegistry: coreServices.permissionsRegistry,
  scheduler: coreServices.scheduler,
  lifecycle: coreServices.lifecycle,
  catalog: catalogServiceRef,
  events: eventsServiceRef,
  signals: signalsServiceRef,
  notifications: notificationService,
  actionsRegistry: actionsRegistryServiceRef,
  cache: coreServices.cache,
};

/** The services themselves, as `init` receives them. */
export type PluginDeps = {
  [K in keyof typeof pluginDeps]: (typeof pluginDeps)[K] extends ServiceRef<
    infer T,
    any
  >
    ? T
    : never;
};

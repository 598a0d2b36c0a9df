import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AwoooiClient, awoooiApiRef } from './api';
import {
  entityFinOpsRouteRef,
  entityIncidentsRouteRef,
  rootRouteRef,
} from './routes';

/** The AWOOOI plugin for apps on the legacy frontend system. */
export const awoooiPlugin = createPlugin({
  id: 'awoooi',
  apis: [
    createApiFactory({
      api: awoooiApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AwoooiClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityIncidents: entityIncidentsRouteRef,
    entityFinOps: entityFinOpsRouteRef,
  },
});

/** The overview page: `<Route path="/awoooi" element={<AwoooiPage />} />`. */
export const AwoooiPage = awoooiPlugin.provide(
  createRoutableExtension({
    name: 'AwoooiPage',
    component: () => import('./components/Overview').then(m => m.AwoooiPage),
    mountPoint: rootRouteRef,
  }),
);

/** The entity Incidents tab: `<EntityLayout.Route path="/incidents" title="Incidents">`. */
export const EntityAwoooiIncidentsContent = awoooiPlugin.provide(
  createRoutableExtension({
    name: 'EntityAwoooiIncidentsContent',
    component: () =>
      import('./components/Incidents').then(m => m.EntityIncidentsContent),
    mountPoint: entityIncidentsRouteRef,
  }),
);

/** The entity FinOps tab: `<EntityLayout.Route path="/finops" title="FinOps">`. */
export const EntityAwoooiFinOpsContent = awoooiPlugin.provide(
  createRoutableExtension({
    name: 'EntityAwoooiFinOpsContent',
    component: () =>
      import('./components/FinOps').then(m => m.EntityFinOpsContent),
    mountPoint: entityFinOpsRouteRef,
  }),
);

/** The compliance card for an entity's overview. */
export const EntityAwoooiComplianceCard = awoooiPlugin.provide(
  createComponentExtension({
    name: 'EntityAwoooiComplianceCard',
    component: {
      lazy: () =>
        import('./components/Compliance').then(m => m.EntityComplianceCard),
    },
  }),
);

/** The compliance roll-up card for a Group entity's overview. */
export const EntityAwoooiGroupComplianceCard = awoooiPlugin.provide(
  createComponentExtension({
    name: 'EntityAwoooiGroupComplianceCard',
    component: {
      lazy: () =>
        import('./components/Compliance').then(
          m => m.EntityGroupComplianceCard,
        ),
    },
  }),
);

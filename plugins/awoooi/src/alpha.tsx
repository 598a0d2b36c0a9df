import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isAwoooiAvailable } from '@awoooi/plugin-awoooi-common';
import { AwoooiIcon } from './components/common/AwoooiIcon';
import { AwoooiClient, awoooiApiRef } from './api';

/** Route of the overview page, so other plugins can link to it. */
export const awoooiRootRouteRef = createRouteRef();

const awoooiApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: awoooiApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AwoooiClient({ discoveryApi, fetchApi }),
    }),
});

const awoooiPage = PageBlueprint.make({
  params: {
    path: '/awoooi',
    title: 'AWOOOI',
    icon: <AwoooiIcon />,
    routeRef: awoooiRootRouteRef,
    loader: () =>
      import('./components/Overview').then(m => <m.AwoooiOverviewContent />),
  },
});

const incidentsContent = EntityContentBlueprint.make({
  name: 'incidents',
  params: {
    path: 'incidents',
    title: 'Incidents',
    group: 'operation',
    filter: isAwoooiAvailable,
    loader: () =>
      import('./components/Incidents').then(m => <m.EntityIncidentsContent />),
  },
});

const finOpsContent = EntityContentBlueprint.make({
  name: 'finops',
  params: {
    path: 'finops',
    title: 'FinOps',
    group: 'operation',
    filter: isAwoooiAvailable,
    loader: () =>
      import('./components/FinOps').then(m => <m.EntityFinOpsContent />),
  },
});

const complianceCard = EntityCardBlueprint.make({
  name: 'compliance',
  params: {
    filter: isAwoooiAvailable,
    loader: () =>
      import('./components/Compliance').then(m => <m.EntityComplianceCard />),
  },
});

const groupComplianceCard = EntityCardBlueprint.make({
  name: 'group-compliance',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/Compliance').then(m => (
        <m.EntityGroupComplianceCard />
      )),
  },
});

/** The AWOOOI plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'awoooi',
  title: 'AWOOOI',
  icon: <AwoooiIcon />,
  routes: { root: awoooiRootRouteRef },
  extensions: [
    awoooiApi,
    awoooiPage,
    incidentsContent,
    finOpsContent,
    complianceCard,
    groupComplianceCard,
  ],
});

export { awoooiApiRef, AwoooiClient } from './api';
export { isAwoooiAvailable } from '@awoooi/plugin-awoooi-common';

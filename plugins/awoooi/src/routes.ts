import { createRouteRef } from '@backstage/core-plugin-api';

/** Legacy route refs: the overview page and the two entity tabs. */
export const rootRouteRef = createRouteRef({ id: 'awoooi' });
export const entityIncidentsRouteRef = createRouteRef({
  id: 'awoooi:entity-incidents',
});
export const entityFinOpsRouteRef = createRouteRef({
  id: 'awoooi:entity-finops',
});

import { createApiRef } from '@backstage/frontend-plugin-api';
import type { AwoooiApi } from '@awoooi/plugin-awoooi-common';

/** The AWOOOI REST API as a Backstage utility API. */
export const awoooiApiRef = createApiRef<AwoooiApi>().with({
  id: 'plugin.awoooi.api',
  pluginId: 'awoooi',
});

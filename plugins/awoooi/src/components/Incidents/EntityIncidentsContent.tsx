import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { IncidentsView } from './IncidentsView';

/** The entity page's Incidents tab. */
export function EntityIncidentsContent() {
  const { entity } = useEntity();
  return <IncidentsView entityRef={stringifyEntityRef(entity)} />;
}

import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { FinOpsView } from './FinOpsView';

/** The entity page's FinOps tab. */
export function EntityFinOpsContent() {
  const { entity } = useEntity();
  return <FinOpsView entityRef={stringifyEntityRef(entity)} />;
}

import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AwoooiClusterSource, KubeKind } from '@awoooi/plugin-awoooi-node';
import { loadScanEntities, ScanEntity } from '../catalog/scanEntities';
import { KubeEntityIndex } from './kubeLinks';
import { KubeSnapshot, loadKubeSnapshots } from './kubeSnapshot';

/** What a scan over the catalog and the clusters reads before it judges anything. */
export interface ScanInputs {
  entities: ScanEntity[];
  /** Every cluster that answered. */
  snapshots: KubeSnapshot[];
  /** An error line per cluster that did not. */
  failures: Array<{ cluster: string; error: string }>;
  /** Links Kubernetes objects to the entities that claim them. */
  index: KubeEntityIndex;
}

/**
 * The catalog's entities, then each cluster's objects of `kinds`. The
 * catalog comes first and must answer: without it nothing can be linked.
 */
export async function loadScanInputs(
  deps: {
    catalog: CatalogService;
    auth: AuthService;
    clusterSources: AwoooiClusterSource[];
  },
  kinds: KubeKind[],
  signal: AbortSignal,
): Promise<ScanInputs> {
  const entities = await loadScanEntities(deps.catalog, deps.auth, signal);
  const { snapshots, failures } = await loadKubeSnapshots(
    deps.clusterSources,
    kinds,
    signal,
  );
  return {
    entities,
    snapshots,
    failures,
    index: new KubeEntityIndex(entities),
  };
}

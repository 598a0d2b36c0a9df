/**
 * Why entities are unhealthy right now, as evidence lines. Keys are entity
 * refs, or `kubernetes-id:<namespace>/<id>` for sources that know workloads
 * but not the catalog; the backend maps those through the entities'
 * `backstage.io/kubernetes-id` / `-namespace` annotations.
 */
export type HealthReport = Map<string, string[]>;

/**
 * Adds live health beyond firing alerts (Kubernetes workload state, scanner
 * violations). Called per analysis; keep it cheap or cache inside.
 */
export interface AwoooiHealthProvider {
  readonly id: string;
  unhealthyEntities(): Promise<HealthReport>;
}

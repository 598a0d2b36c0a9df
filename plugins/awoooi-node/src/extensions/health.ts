/** Why an entity is unhealthy right now, as evidence lines. */
export type HealthReport = Map<string, string[]>;

/**
 * Adds live health beyond firing alerts (Kubernetes workload state, scanner
 * violations). Called per analysis; keep it cheap or cache inside.
 */
export interface AwoooiHealthProvider {
  readonly id: string;
  unhealthyEntities(): Promise<HealthReport>;
}

import type { FinOpsRecommendation } from '@awoooi/plugin-awoooi-common';
import type { AwoooiClusterSource, AwoooiMetricsSource } from './sources';

/** FinOps recommendations, as the approval pipeline turns them into proposals. */
export interface AwoooiFinOpsRecommendations {
  getRecommendation(id: string): Promise<FinOpsRecommendation | undefined>;
  /** Links a recommendation to the proposal made of it; throws NotFoundError for an unknown id. */
  markProposed(id: string, proposalId: string): Promise<void>;
}

/**
 * What the plugin gives a scanner module, and what it takes from one.
 *
 * The source lists are the plugin's own: the sources every module added,
 * metrics sources behind the plugin's shared cache. They are complete once
 * the plugin has started, so a scanner reads them when it runs, never at
 * init. Do not modify them.
 */
export interface AwoooiScannersExtensionPoint {
  readonly metricsSources: AwoooiMetricsSource[];
  readonly clusterSources: AwoooiClusterSource[];
  /**
   * Names of the actions the executors offer now (FinOps counts as
   * realizable only what can be done); undefined takes every action as
   * offered.
   */
  offeredActions(): string[] | undefined;
  /** The recommendations behind `POST /finops/recommendations/:id/propose` (one provider). */
  setFinOpsRecommendations(provider: AwoooiFinOpsRecommendations): void;
}

/**
 * Kubernetes integration of AWOOOI: the action executor (`restart_pod`,
 * `rollout_restart`, `scale_deployment`, `delete_pvc`, `cordon_node`), live
 * workload health, and cluster read helpers for scanners.
 *
 * @packageDocumentation
 */
export { awoooiModuleKubernetes as default } from './module';
export { KubernetesActionExecutor } from './KubernetesActionExecutor';
export type { KubernetesActionExecutorOptions } from './KubernetesActionExecutor';
export { KubernetesClusters } from './clusters/KubernetesClusters';
export type {
  ClusterQuery,
  KubernetesApis,
  KubernetesClustersOptions,
} from './clusters/KubernetesClusters';
export { readClusterConfigs } from './clusters/readClusterConfigs';
export type { KubernetesClusterConfig } from './clusters/readClusterConfigs';
export { loadClientNode } from './clusters/clientNode';
export type { ClientNodeModule } from './clusters/clientNode';
export {
  KubernetesHealthProvider,
  kubernetesHealthKey,
  parseKubernetesHealthKey,
} from './health/KubernetesHealthProvider';
export type {
  KubernetesHealthProviderOptions,
  UnhealthyWorkload,
} from './health/KubernetesHealthProvider';
export { evaluateWorkloadHealth } from './health/evaluateWorkloadHealth';
export type { WorkloadHealth } from './health/evaluateWorkloadHealth';
export { parseTarget, formatTarget, TargetSyntaxError } from './targets';
export type { KubernetesTarget, TargetKind } from './targets';
export { kubernetesTargetFor } from './targetFor';
/** Re-exported from the common package, its home, for existing imports. */
export { ANNOTATION_KUBERNETES_CLUSTER } from '@awoooi/plugin-awoooi-common';
export { KUBERNETES_ACTIONS, RESTARTED_AT_ANNOTATION } from './actions';
export { KUBERNETES_ID_LABEL } from './labels';
export { describeKubeError } from './kubeErrors';
export {
  KubernetesClusterSource,
  kubernetesClusterSources,
} from './clusterSource';

/**
 * A loopback Kubernetes API server for tests and the demo: the real REST
 * wire protocol over an in-memory store with simulated controllers.
 *
 * @packageDocumentation
 */
export { startKubeTestServer } from './server/startKubeTestServer';
export type {
  KubeTestServer,
  KubeTestServerOptions,
  KubeTestUser,
} from './server/startKubeTestServer';
export { KubeStore, kubeTimestamp } from './store/KubeStore';
export type {
  KubeStoreOptions,
  ListOptions,
  Reconciler,
} from './store/KubeStore';
export { installControllers } from './controllers';
export { KubeApiError } from './store/errors';
export type { KubeStatus, StatusReason } from './store/errors';
export type {
  KubeObject,
  ObjectMeta,
  OwnerReference,
  WriteOptions,
  PatchType,
  DeletePreconditions,
} from './store/types';
export { RESOURCE_TYPES, resourceType } from './store/resources';
export type { ResourceType } from './store/resources';
export { ALLOW_ALL, evaluateAccess } from './rbac';
export type { RbacRule, AccessRequest, AccessDecision } from './rbac';
export {
  seedDemoCluster,
  DEMO_NAMESPACES,
  DEMO_WORKLOADS,
} from './seed/demoCluster';
export type { DemoWorkload } from './seed/demoCluster';
export { seedDemoFinOps, DEMO_FINOPS_NODE } from './seed/demoFinOps';
export { demoUsagePlans } from './seed/demoUsage';
export { containerMetrics } from './metrics/containerMetrics';
export type { PodPlan } from './metrics/containerMetrics';
export { kubeConfigYaml, writeKubeConfig } from './kubeconfig';
export type { KubeConfigOptions } from './kubeconfig';

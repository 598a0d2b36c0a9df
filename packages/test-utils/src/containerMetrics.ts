export { containerMetrics } from '@internal/kube-test-server';
export type { PodPlan } from '@internal/kube-test-server';

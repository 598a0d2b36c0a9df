import type { FinOpsInput, FinOpsPodInput, FinOpsPrices } from './types';

/** Round prices so the hand-computed example in report.test.ts stays readable. */
export const TEST_PRICES: FinOpsPrices = {
  currency: 'USD',
  vcpuHour: 0.05,
  gibHour: 0.01,
  storageGibMonth: 0.1,
  // 8 vCPU + 32 GiB at list prices = 0.40 + 0.32 = 0.72 an hour; the node is
  // billed 0.36, so its price factor is exactly 0.5.
  nodeTypes: { 'm5.2xlarge': 0.36 },
};

export function pod(overrides: Partial<FinOpsPodInput> = {}): FinOpsPodInput {
  return {
    namespace: 'shop',
    name: 'order-api-7d9f8b6c5d-x7k2p',
    owner: 'order-api',
    cpuRequestCores: 0.5,
    memoryRequestGi: 1,
    dailyCpuCores: Array(8).fill(0.3),
    dailyMemoryGi: Array(8).fill(0.6),
    ...overrides,
  };
}

const idleWorker = (name: string) =>
  pod({
    name,
    owner: 'notification-worker',
    entityRef: 'component:default/notification-worker',
    dailyCpuCores: Array(8).fill(0.0025),
    dailyMemoryGi: Array(8).fill(0.25),
  });

export function exampleInput(): FinOpsInput {
  return {
    cluster: 'demo',
    pvcs: [
      {
        namespace: 'data',
        name: 'search-index-old',
        storageGi: 100,
        storageClass: 'gp3',
        boundToPod: false,
        entityRef: 'resource:default/search-index',
      },
      {
        namespace: 'data',
        name: 'postgres-data',
        storageGi: 50,
        storageClass: 'gp3',
        boundToPod: true,
      },
    ],
    pods: [
      idleWorker('notification-worker-5b8c6d4f7-2xz9q'),
      idleWorker('notification-worker-5b8c6d4f7-9kq4w'),
      pod(),
      // Idle for six days only: not a zombie yet.
      pod({
        namespace: 'identity',
        name: 'auth-service-6c7d8f9b5-h2j4k',
        owner: 'auth-service',
        cpuRequestCores: 0.25,
        dailyCpuCores: [0.1, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001],
        dailyMemoryGi: Array(7).fill(0.2),
      }),
    ],
    nodes: [
      {
        name: 'ip-10-0-1-10',
        nodeType: 'm5.2xlarge',
        allocatableCpu: 8,
        allocatableMemoryGi: 32,
        requestedCpu: 6.4,
        requestedMemoryGi: 20,
        actualCpu: 1,
        actualMemoryGi: 6,
      },
      {
        name: 'ip-10-0-1-11',
        nodeType: 'm5.2xlarge',
        allocatableCpu: 8,
        allocatableMemoryGi: 32,
        requestedCpu: 6,
        requestedMemoryGi: 24,
        actualCpu: 5,
        actualMemoryGi: 20,
      },
    ],
  };
}

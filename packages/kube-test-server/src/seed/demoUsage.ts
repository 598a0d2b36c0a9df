import type { KubeStore } from '../store/KubeStore';
import type { KubeObject } from '../store/types';
import type { PodPlan } from '../metrics/containerMetrics';

const GIB = 2 ** 30;

/**
 * The demo's container use, the metrics half of its FinOps story: the shop
 * is busy (80 % of its CPU and 60 % of its memory requests); the report
 * builders use a fraction of what they reserve on the big node; the legacy
 * pod has idled for months.
 */
const USAGE: Record<string, { cpuCores: number; memoryGi: number }> = {
  'report-builder': { cpuCores: 1, memoryGi: 1.15596 },
  'legacy-api': { cpuCores: 0.005, memoryGi: 0.97845 },
};
const BUSY_CPU_SHARE = 0.8;

const SUFFIX: Record<string, number> = {
  m: 1e-3,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
};

/** The quantity forms the demo seed writes: `250m`, `1`, `512Mi`, `4Gi`. */
function quantity(text: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(text ?? '');
  if (!match) return 0;
  return Number(match[1]) * (match[2] ? SUFFIX[match[2]] : 1);
}
const BUSY_MEMORY_SHARE = 0.6;

function usageOf(pod: KubeObject) {
  const app = pod.metadata.labels?.['app.kubernetes.io/name'] ?? '';
  if (USAGE[app]) return USAGE[app];
  const requests = pod.spec?.containers?.[0]?.resources?.requests ?? {};
  return {
    cpuCores: quantity(requests.cpu) * BUSY_CPU_SHARE,
    memoryGi: (quantity(requests.memory) / GIB) * BUSY_MEMORY_SHARE,
  };
}

/** One plan per running pod of the store, the same every day. */
export function demoUsagePlans(store: KubeStore): PodPlan[] {
  return store
    .list('Pod')
    .filter(pod => pod.status?.phase === 'Running')
    .map(pod => {
      const use = usageOf(pod);
      return {
        namespace: pod.metadata.namespace!,
        pod: pod.metadata.name,
        container: pod.spec.containers[0].name,
        cpuCores: () => use.cpuCores,
        memoryBytes: Math.round(use.memoryGi * GIB),
      };
    });
}

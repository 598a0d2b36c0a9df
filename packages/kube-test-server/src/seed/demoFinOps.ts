import { kubeTimestamp, KubeStore } from '../store/KubeStore';
import { safeHash } from '../store/random';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The analytics node pool: one big node, kept for its own workloads by a taint. */
export const DEMO_FINOPS_NODE = 'worker-large-01';
const POOL_TAINT = {
  key: 'dedicated',
  value: 'analytics',
  effect: 'NoSchedule',
};
const POOL_TOLERATION = { ...POOL_TAINT, operator: 'Equal' };

/**
 * What the demo's FinOps tab tells, as cluster objects: a big node whose
 * report builders request far more than they use, a forgotten bare pod on it,
 * and volumes nobody mounts any more. The use comes from the demo's metrics
 * (see demoUsage.ts); prices come from app-config.demo.yaml.
 */
const STORY = {
  node: {
    type: 'm5.4xlarge',
    zone: 'eu-west-1a',
    ip: '10.0.1.40',
    cpu: '16',
    allocCpu: '15800m',
    memory: '64Gi',
    allocMemory: '62Gi',
  },
  reportBuilder: { replicas: 2, cpu: '5750m', memory: '22Gi' },
  legacyPod: { name: 'legacy-api-5d7b8', cpu: '1500m', memory: '4Gi' },
  claims: [
    {
      namespace: 'data',
      name: 'data-postgres-backup',
      size: '400Gi',
      owner: 'postgres-db',
    },
    {
      namespace: 'analytics',
      name: 'analytics-scratch',
      size: '800Gi',
      owner: 'report-builder',
    },
  ],
};

function idLabels(id: string) {
  return {
    'app.kubernetes.io/name': id,
    app: id,
    'backstage.io/kubernetes-id': id,
  };
}

function seedNode(store: KubeStore) {
  const n = STORY.node;
  store.upsert({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: DEMO_FINOPS_NODE,
      labels: {
        'kubernetes.io/hostname': DEMO_FINOPS_NODE,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': n.type,
        'topology.kubernetes.io/zone': n.zone,
        'awoooi.io/pool': 'analytics',
      },
    },
    spec: {
      providerID: `simulator:///${n.zone}/${DEMO_FINOPS_NODE}`,
      taints: [POOL_TAINT],
    },
    status: {
      capacity: { cpu: n.cpu, memory: n.memory, pods: '110' },
      allocatable: { cpu: n.allocCpu, memory: n.allocMemory, pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: DEMO_FINOPS_NODE },
      ],
      nodeInfo: { kubeletVersion: 'v1.31.0', osImage: 'Simulated Linux' },
    },
  });
}

function seedReportBuilder(store: KubeStore) {
  const w = STORY.reportBuilder;
  const labels = idLabels('report-builder');
  store.upsert({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'report-builder', namespace: 'analytics', labels },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'report-builder' } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'awoooi.io/pool': 'analytics' },
          tolerations: [POOL_TOLERATION],
          containers: [
            {
              name: 'report-builder',
              image: 'acme/report-builder:5.2.0',
              resources: {
                requests: { cpu: w.cpu, memory: w.memory },
                limits: { memory: w.memory },
              },
            },
          ],
        },
      },
    },
  });
}

/** A pod someone started by hand long ago: no controller, pinned to the big node. */
function seedLegacyPod(store: KubeStore) {
  const p = STORY.legacyPod;
  store.upsert({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: 'shop',
      labels: idLabels('legacy-api'),
      creationTimestamp: kubeTimestamp(
        new Date(store.now().getTime() - 90 * DAY_MS),
      ),
    },
    spec: {
      nodeName: DEMO_FINOPS_NODE,
      tolerations: [POOL_TOLERATION],
      containers: [
        {
          name: 'legacy-api',
          image: 'acme/legacy-api:0.9.1',
          resources: { requests: { cpu: p.cpu, memory: p.memory } },
        },
      ],
    },
  });
}

function seedOrphanedClaims(store: KubeStore) {
  for (const c of STORY.claims) {
    store.upsert({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: c.name,
        namespace: c.namespace,
        labels: idLabels(c.owner),
        creationTimestamp: kubeTimestamp(
          new Date(store.now().getTime() - 120 * DAY_MS),
        ),
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: c.size } },
        storageClassName: 'standard',
        volumeName: `pvc-${safeHash(`${c.namespace}/${c.name}`, 12)}`,
      },
      status: { phase: 'Bound', capacity: { storage: c.size } },
    });
  }
}

/**
 * Adds the FinOps story to the demo cluster: node `worker-large-01`
 * (m5.4xlarge, tainted `dedicated=analytics`), the `analytics/report-builder`
 * Deployment on it, the bare pod `shop/legacy-api-5d7b8` pinned to it, and the
 * orphaned claims `data/data-postgres-backup` and `analytics/analytics-scratch`.
 * Idempotent.
 */
export function seedDemoFinOps(store: KubeStore): void {
  store.upsert({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'analytics',
      labels: { 'kubernetes.io/metadata.name': 'analytics' },
    },
  });
  seedNode(store);
  seedReportBuilder(store);
  seedLegacyPod(store);
  seedOrphanedClaims(store);
}

import { kubeTimestamp, KubeStore } from '../store/KubeStore';
import { safeHash } from '../store/random';

/** One workload of the demo catalog (`examples/*.yaml`) as it runs in the cluster. */
export interface DemoWorkload {
  /** The entity's `backstage.io/kubernetes-id`, also the Deployment name. */
  id: string;
  namespace: string;
  /** Catalog system, as `app.kubernetes.io/part-of`. */
  system: string;
  replicas: number;
  image: string;
  port: number;
  cpu: string;
  memory: string;
  /** Claim mounted at `/data`, for stateful workloads. */
  claim?: { name: string; size: string };
}

export const DEMO_NAMESPACES = ['ingress', 'shop', 'identity', 'data'] as const;

export const DEMO_WORKLOADS: readonly DemoWorkload[] = [
  {
    id: 'ingress-nginx',
    namespace: 'ingress',
    system: 'storefront',
    replicas: 2,
    image: 'ingress-nginx/controller:v1.11.2',
    port: 443,
    cpu: '250m',
    memory: '256Mi',
  },
  {
    id: 'frontend',
    namespace: 'shop',
    system: 'storefront',
    replicas: 3,
    image: 'acme/frontend:2.14.1',
    port: 3000,
    cpu: '200m',
    memory: '256Mi',
  },
  {
    id: 'product-api',
    namespace: 'shop',
    system: 'storefront',
    replicas: 2,
    image: 'acme/product-api:1.22.0',
    port: 8080,
    cpu: '300m',
    memory: '512Mi',
  },
  {
    id: 'order-api',
    namespace: 'shop',
    system: 'storefront',
    replicas: 2,
    image: 'acme/order-api:3.4.2',
    port: 8080,
    cpu: '300m',
    memory: '512Mi',
  },
  {
    id: 'payment-service',
    namespace: 'shop',
    system: 'storefront',
    replicas: 2,
    image: 'acme/payment-service:2.0.7',
    port: 8080,
    cpu: '250m',
    memory: '384Mi',
  },
  {
    id: 'search-service',
    namespace: 'shop',
    system: 'storefront',
    replicas: 1,
    image: 'acme/search-service:0.9.3',
    port: 8080,
    cpu: '200m',
    memory: '512Mi',
  },
  {
    id: 'notification-worker',
    namespace: 'shop',
    system: 'storefront',
    replicas: 1,
    image: 'acme/notification-worker:1.3.0',
    port: 8080,
    cpu: '100m',
    memory: '128Mi',
  },
  {
    id: 'auth-service',
    namespace: 'identity',
    system: 'identity',
    replicas: 2,
    image: 'acme/auth-service:1.8.0',
    port: 8080,
    cpu: '250m',
    memory: '384Mi',
  },
  {
    id: 'postgres-db',
    namespace: 'data',
    system: 'data-platform',
    replicas: 1,
    image: 'postgres:16.4',
    port: 5432,
    cpu: '1',
    memory: '4Gi',
    claim: { name: 'postgres-db-data', size: '100Gi' },
  },
  {
    id: 'payments-db',
    namespace: 'data',
    system: 'data-platform',
    replicas: 1,
    image: 'postgres:16.4',
    port: 5432,
    cpu: '500m',
    memory: '2Gi',
    claim: { name: 'payments-db-data', size: '50Gi' },
  },
  {
    id: 'redis-cache',
    namespace: 'data',
    system: 'data-platform',
    replicas: 1,
    image: 'redis:7.4',
    port: 6379,
    cpu: '250m',
    memory: '1Gi',
  },
  {
    id: 'orders-queue',
    namespace: 'data',
    system: 'data-platform',
    replicas: 1,
    image: 'rabbitmq:3.13',
    port: 5672,
    cpu: '500m',
    memory: '1Gi',
  },
  {
    id: 'search-index',
    namespace: 'data',
    system: 'data-platform',
    replicas: 1,
    image: 'opensearchproject/opensearch:2.15.0',
    port: 9200,
    cpu: '1',
    memory: '4Gi',
  },
];

const DEMO_NODES = [
  {
    name: 'worker-1',
    type: 'm5.xlarge',
    zone: 'eu-west-1a',
    ip: '10.0.1.11',
    cpu: '4',
    allocCpu: '3920m',
    memory: '16Gi',
    allocMemory: '15168Mi',
  },
  {
    name: 'worker-2',
    type: 'm5.xlarge',
    zone: 'eu-west-1b',
    ip: '10.0.2.12',
    cpu: '4',
    allocCpu: '3920m',
    memory: '16Gi',
    allocMemory: '15168Mi',
  },
  {
    name: 'worker-3',
    type: 'r5.2xlarge',
    zone: 'eu-west-1c',
    ip: '10.0.3.13',
    cpu: '8',
    allocCpu: '7910m',
    memory: '64Gi',
    allocMemory: '63008Mi',
  },
];

/** Secret name, namespace, owning workload and age in days (one past 180). */
const DEMO_SECRETS = [
  {
    name: 'order-api-db-credentials',
    namespace: 'shop',
    owner: 'order-api',
    ageDays: 25,
  },
  {
    name: 'payment-service-provider-key',
    namespace: 'shop',
    owner: 'payment-service',
    ageDays: 12,
  },
  {
    name: 'auth-service-signing-key',
    namespace: 'identity',
    owner: 'auth-service',
    ageDays: 120,
  },
  {
    name: 'postgres-db-credentials',
    namespace: 'data',
    owner: 'postgres-db',
    ageDays: 210,
  },
  {
    name: 'payments-db-credentials',
    namespace: 'data',
    owner: 'payments-db',
    ageDays: 60,
  },
  {
    name: 'redis-cache-auth',
    namespace: 'data',
    owner: 'redis-cache',
    ageDays: 95,
  },
  {
    name: 'ingress-tls',
    namespace: 'ingress',
    owner: 'ingress-nginx',
    ageDays: 40,
    tls: true,
  },
];

const ENCRYPTED_CLASS = 'encrypted-gp3';
const PLAIN_CLASS = 'standard';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Base64 of "simulated": no real credential ever lives in the simulator. */
const SIMULATED_SECRET_VALUE = Buffer.from('simulated').toString('base64');

function workloadLabels(w: DemoWorkload) {
  return {
    'app.kubernetes.io/name': w.id,
    app: w.id,
    'app.kubernetes.io/part-of': w.system,
    'backstage.io/kubernetes-id': w.id,
  };
}

function seedNodes(store: KubeStore) {
  for (const n of DEMO_NODES) {
    store.upsert({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        labels: {
          'kubernetes.io/hostname': n.name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'node.kubernetes.io/instance-type': n.type,
          'topology.kubernetes.io/zone': n.zone,
        },
      },
      spec: { providerID: `simulator:///${n.zone}/${n.name}` },
      status: {
        capacity: {
          cpu: n.cpu,
          memory: n.memory,
          pods: '110',
          'ephemeral-storage': '100Gi',
        },
        allocatable: {
          cpu: n.allocCpu,
          memory: n.allocMemory,
          pods: '110',
          'ephemeral-storage': '95Gi',
        },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
          {
            type: 'MemoryPressure',
            status: 'False',
            reason: 'KubeletHasSufficientMemory',
          },
          {
            type: 'DiskPressure',
            status: 'False',
            reason: 'KubeletHasNoDiskPressure',
          },
          {
            type: 'PIDPressure',
            status: 'False',
            reason: 'KubeletHasSufficientPID',
          },
        ],
        addresses: [
          { type: 'InternalIP', address: n.ip },
          { type: 'Hostname', address: n.name },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.31.0',
          containerRuntimeVersion: 'containerd://1.7.20',
          osImage: 'Simulated Linux',
          operatingSystem: 'linux',
          architecture: 'amd64',
          kernelVersion: '6.1.0',
        },
      },
    });
  }
}

function seedStorage(store: KubeStore) {
  store.upsert({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: ENCRYPTED_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  });
  store.upsert({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: PLAIN_CLASS },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp2' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
}

function seedClaim(
  store: KubeStore,
  namespace: string,
  name: string,
  size: string,
  storageClassName: string,
  labels: Record<string, string> = {},
  createdAt?: Date,
) {
  store.upsert({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace,
      labels,
      ...(createdAt ? { creationTimestamp: kubeTimestamp(createdAt) } : {}),
      annotations: { 'pv.kubernetes.io/bind-completed': 'yes' },
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      storageClassName,
      volumeMode: 'Filesystem',
      volumeName: `pvc-${safeHash(`${namespace}/${name}`, 12)}`,
    },
    status: {
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: size },
    },
  });
}

function seedWorkload(store: KubeStore, w: DemoWorkload) {
  const labels = workloadLabels(w);
  if (w.claim) {
    seedClaim(
      store,
      w.namespace,
      w.claim.name,
      w.claim.size,
      ENCRYPTED_CLASS,
      labels,
    );
  }
  store.upsert({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.id, namespace: w.namespace, labels },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': w.id } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: w.id,
              image: w.image,
              ports: [{ containerPort: w.port, protocol: 'TCP' }],
              resources: {
                requests: { cpu: w.cpu, memory: w.memory },
                limits: { memory: w.memory },
              },
              ...(w.claim
                ? { volumeMounts: [{ name: 'data', mountPath: '/data' }] }
                : {}),
            },
          ],
          ...(w.claim
            ? {
                volumes: [
                  {
                    name: 'data',
                    persistentVolumeClaim: { claimName: w.claim.name },
                  },
                ],
              }
            : {}),
        },
      },
    },
  });
}

function seedSecrets(store: KubeStore) {
  const now = store.now().getTime();
  for (const s of DEMO_SECRETS) {
    store.upsert({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: s.name,
        namespace: s.namespace,
        creationTimestamp: kubeTimestamp(new Date(now - s.ageDays * DAY_MS)),
        labels: {
          'app.kubernetes.io/name': s.owner,
          'backstage.io/kubernetes-id': s.owner,
        },
      },
      type: s.tls ? 'kubernetes.io/tls' : 'Opaque',
      data: s.tls
        ? { 'tls.crt': SIMULATED_SECRET_VALUE, 'tls.key': SIMULATED_SECRET_VALUE }
        : { value: SIMULATED_SECRET_VALUE },
    });
  }
}

function seedBudget(
  store: KubeStore,
  namespace: string,
  id: string,
  minAvailable: number,
) {
  store.upsert({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: `${id}-pdb`,
      namespace,
      labels: { 'app.kubernetes.io/name': id },
    },
    spec: {
      minAvailable,
      selector: { matchLabels: { 'app.kubernetes.io/name': id } },
    },
  });
}

/**
 * Seeds the cluster behind the demo catalog: namespaces `ingress`, `shop`,
 * `identity`, `data`; three nodes; a Deployment per entity with a
 * `backstage.io/kubernetes-id` (its ReplicaSet and pods come from the
 * simulated controllers); a bound claim per database plus the orphaned
 * `data/old-reports-data`; an encrypted and a plain StorageClass; secrets of
 * assorted ages; budgets for `postgres-db` (minAvailable 1) and `frontend`
 * (minAvailable 2). Idempotent.
 */
export function seedDemoCluster(store: KubeStore): void {
  for (const name of DEMO_NAMESPACES) {
    store.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    });
  }
  seedNodes(store);
  seedStorage(store);
  for (const workload of DEMO_WORKLOADS) seedWorkload(store, workload);
  seedClaim(
    store,
    'data',
    'old-reports-data',
    '200Gi',
    PLAIN_CLASS,
    {
      'app.kubernetes.io/name': 'reports-batch',
      'backstage.io/kubernetes-id': 'reports-batch',
    },
    new Date(store.now().getTime() - 400 * DAY_MS),
  );
  seedSecrets(store);
  seedBudget(store, 'data', 'postgres-db', 1);
  seedBudget(store, 'shop', 'frontend', 2);
}

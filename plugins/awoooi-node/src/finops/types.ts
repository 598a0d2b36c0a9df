/**
 * What the FinOps engine reads: the shape the FinOps scanner builds from the
 * Kubernetes API (objects, requests) and Prometheus (actual use).
 */

export interface FinOpsPvcInput {
  namespace: string;
  name: string;
  storageGi: number;
  storageClass: string;
  /** Mounted by at least one pod. */
  boundToPod: boolean;
  entityRef?: string;
}

export interface FinOpsPodInput {
  namespace: string;
  name: string;
  /** Name of the Deployment that owns the pod, null for a bare pod. */
  owner: string | null;
  cpuRequestCores: number;
  memoryRequestGi: number;
  /** Mean CPU cores used per day, oldest first, the last entry the latest day. */
  dailyCpuCores: number[];
  /** Peak memory used per day, oldest first, ending on the same day as dailyCpuCores. */
  dailyMemoryGi: number[];
  entityRef?: string;
  /** The node it runs on; lets a node's waste leave out what its zombie pods already count. */
  nodeName?: string;
}

export interface FinOpsNodeInput {
  name: string;
  /** Instance type, looked up in the price table (e.g. `m5.large`). */
  nodeType: string;
  allocatableCpu: number;
  allocatableMemoryGi: number;
  /** Sum of the requests of the pods on the node. */
  requestedCpu: number;
  requestedMemoryGi: number;
  /** Typical use over the scan window (the scanner decides: mean or a percentile). */
  actualCpu: number;
  actualMemoryGi: number;
}

export interface FinOpsInput {
  cluster: string;
  pvcs: FinOpsPvcInput[];
  pods: FinOpsPodInput[];
  nodes: FinOpsNodeInput[];
}

/** A price table: list prices per unit plus the hourly price of each node type. */
export interface FinOpsPrices {
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
  /** One vCPU for one hour. */
  vcpuHour: number;
  /** One GiB of memory for one hour. */
  gibHour: number;
  /** One GiB of persistent storage for one month. */
  storageGibMonth: number;
  /** Hourly price per node type. */
  nodeTypes: Record<string, number>;
}

/** Knobs of the FinOps scans; every one has a default (see DEFAULT_FINOPS_OPTIONS). */
export interface FinOpsOptions {
  /** Safety buffer on actual use: wasted = requested − actual × bufferFactor. */
  bufferFactor: number;
  /** A day is idle when CPU used < this share of the CPU request. */
  zombieCpuRatio: number;
  /** Consecutive idle days, up to the latest day, that make a pod a zombie. */
  zombieMinDays: number;
  /** A node looks full when CPU or memory requested reaches this share of allocatable. */
  nodeMinRequestedShare: number;
  /** …and is over-provisioned when neither CPU nor memory use exceeds this share. */
  nodeMaxActualShare: number;
}

/**
 * Read-only data sources the scanners use. Modules contribute them: the
 * Prometheus module a metrics source per server, the Kubernetes module a
 * cluster source per cluster.
 */

/** One PromQL sample of an instant query. */
export interface PromSample {
  labels: Record<string, string>;
  value: number;
  timestamp: number;
}

/** One series of a range query. */
export interface PromSeries {
  labels: Record<string, string>;
  values: Array<{ timestamp: number; value: number }>;
}

/** A rule as Prometheus reports it at `/api/v1/rules`. */
export interface PromRule {
  name: string;
  group: string;
  file: string;
  type: 'alerting' | 'recording';
  query: string;
  duration: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  health: string;
  lastError?: string;
  lastEvaluation?: string;
  state?: string;
}

export interface AwoooiMetricsSource {
  /** Name of the Prometheus server in config. */
  readonly name: string;
  query(promql: string, time?: Date): Promise<PromSample[]>;
  queryRange(
    promql: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<PromSeries[]>;
  rules(): Promise<PromRule[]>;
}

/** A Kubernetes object as the scanners read it (the API's own JSON shape). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      kind: string;
      name: string;
      controller?: boolean;
    }>;
    resourceVersion?: string;
  };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

export type KubeKind =
  | 'pods'
  | 'deployments'
  | 'statefulsets'
  | 'persistentvolumeclaims'
  | 'nodes'
  | 'secrets'
  | 'storageclasses'
  | 'namespaces';

export interface AwoooiClusterSource {
  /** Cluster name from config. */
  readonly name: string;
  /** Lists objects of a kind, cluster-wide (or in one namespace). */
  list(kind: KubeKind, namespace?: string): Promise<KubeObject[]>;
}

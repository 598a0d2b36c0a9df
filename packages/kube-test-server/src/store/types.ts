export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

/** Any object the simulator stores, in its wire shape. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** Which part of an object a write may change (the API's status subresource). */
export type WriteScope = 'object' | 'status' | 'all';

export interface WriteOptions {
  /** Compute and validate only (`?dryRun=All`). */
  dryRun?: boolean;
  /** Default `'all'` for direct store writes; the API uses `object`/`status`. */
  scope?: WriteScope;
}

export type PatchType = 'merge' | 'json';

export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

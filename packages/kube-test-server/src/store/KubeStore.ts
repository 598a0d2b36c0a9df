import {
  alreadyExists,
  conflict,
  invalid,
  KubeApiError,
  notFound,
} from './errors';
import { applyJsonPatch, applyMergePatch, deepClone, deepEqual } from './patch';
import { SeededRandom } from './random';
import { apiVersionOf, resourceType, ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import type {
  DeletePreconditions,
  KubeObject,
  PatchType,
  WriteOptions,
  WriteScope,
} from './types';

export interface KubeStoreOptions {
  /** Clock for creation timestamps (default: the real clock). */
  now?: () => Date;
  /** Seed of generated names and uids (default 1). */
  randomSeed?: number;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** Runs after every change until the cluster settles (the simulated controllers). */
export type Reconciler = (store: KubeStore) => void;

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const MAX_SETTLE_ROUNDS = 50;

/** Kubernetes timestamps are RFC 3339 with whole seconds. */
export function kubeTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Everything but metadata and status: what `generation` tracks. */
function specPart(obj: KubeObject) {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/**
 * The simulator's etcd: objects by kind/namespace/name, one global
 * resourceVersion counter, and the reconcilers that play the controllers.
 * Every write — through the REST API or directly from a test — bumps the
 * counter and then lets the controllers settle, synchronously.
 */
export class KubeStore {
  readonly random: SeededRandom;
  readonly now: () => Date;
  private readonly objects = new Map<string, KubeObject>();
  private readonly reconcilers: Reconciler[] = [];
  private counter = 0;
  private settling = false;

  constructor(options: KubeStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.random = new SeededRandom(options.randomSeed ?? 1);
  }

  /** The latest resourceVersion handed out. */
  get resourceVersion(): string {
    return String(this.counter);
  }

  addReconciler(reconciler: Reconciler) {
    this.reconcilers.push(reconciler);
    this.settle();
  }

  get(kind: string, namespace: string | undefined, name: string) {
    const type = resourceType(kind);
    const found = this.objects.get(this.key(type, namespace, name));
    return found ? deepClone(found) : undefined;
  }

  /** Like `get`, but a 404 `KubeApiError` when absent. */
  read(kind: string, namespace: string | undefined, name: string): KubeObject {
    const type = resourceType(kind);
    const found = this.get(kind, namespace, name);
    if (!found) throw notFound(type.plural, name, type.group);
    return found;
  }

  /** Objects of a kind (in one namespace, or all), sorted as etcd keys are. */
  list(kind: string, namespace?: string, options: ListOptions = {}) {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector);
    return this.scan(kind, namespace)
      .filter(obj => labels(obj.metadata.labels) && fields(obj))
      .map(obj => deepClone(obj) as KubeObject);
  }

  /**
   * Like `list` without copying: the stored objects themselves, deep-frozen.
   * For the controllers, which read a lot and must not pay a copy per read.
   */
  scan(kind: string, namespace?: string): ReadonlyArray<Readonly<KubeObject>> {
    const type = resourceType(kind);
    const prefix =
      type.namespaced && namespace
        ? `${type.kind}/${namespace}/`
        : `${type.kind}/`;
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, obj]) => obj);
  }

  /** Creates an object; 409 AlreadyExists if the name is taken. */
  create(input: KubeObject, options: WriteOptions = {}): KubeObject {
    const type = resourceType(input.kind);
    const obj = deepClone(input);
    obj.apiVersion = obj.apiVersion ?? apiVersionOf(type);
    obj.metadata = obj.metadata ?? ({} as KubeObject['metadata']);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${this.random.suffix()}`;
    }
    const { name } = obj.metadata;
    if (!name || !NAME_PATTERN.test(name)) {
      throw invalid(
        type.kind,
        name ?? '',
        "metadata.name: Invalid value: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'",
      );
    }
    const namespace = this.namespaceFor(type, obj);
    if (this.objects.has(this.key(type, namespace, name))) {
      throw alreadyExists(type.plural, name, type.group);
    }
    if (options.scope === 'object' && type.subresources.includes('status')) {
      delete obj.status;
    }
    obj.metadata.uid = this.random.uid();
    // Direct writes may backdate an object (seeding old secrets); the API may not.
    const scope = options.scope ?? 'all';
    if (scope !== 'all' || !obj.metadata.creationTimestamp) {
      obj.metadata.creationTimestamp = kubeTimestamp(this.now());
    }
    delete obj.metadata.generation;
    if (obj.spec !== undefined) obj.metadata.generation = 1;
    delete obj.metadata.resourceVersion;
    return this.write(type, obj, options);
  }

  /** Creates or replaces without a resourceVersion check (for tests and seeding). */
  upsert(input: KubeObject): KubeObject {
    const type = resourceType(input.kind);
    const namespace = type.namespaced
      ? input.metadata.namespace ?? 'default'
      : undefined;
    const existing = this.get(type.kind, namespace, input.metadata.name);
    if (!existing) return this.create(input);
    const next = deepClone(input);
    delete next.metadata.resourceVersion;
    return this.replace(next);
  }

  /**
   * Replaces an object (PUT). A `metadata.resourceVersion` in the input must
   * match the stored one, or 409 Conflict.
   */
  replace(input: KubeObject, options: WriteOptions = {}): KubeObject {
    const type = resourceType(input.kind);
    const namespace = this.namespaceFor(type, input);
    const current = this.read(type.kind, namespace, input.metadata.name);
    const expected = input.metadata.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw conflict(
        type.plural,
        input.metadata.name,
        'the object has been modified; please apply your changes to the latest version and try again',
        type.group,
      );
    }
    const next = this.merge(current, deepClone(input), options.scope ?? 'all');
    return this.write(type, next, options, current);
  }

  /** Patches an object: `merge` (merge and strategic merge) or `json` (RFC 6902). */
  patch(
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: WriteOptions & { type?: PatchType } = {},
  ): KubeObject {
    const type = resourceType(kind);
    const current = this.read(type.kind, namespace, name);
    const patched = (
      options.type === 'json'
        ? applyJsonPatch(current, patch)
        : applyMergePatch(current, patch)
    ) as KubeObject;
    if (
      typeof patched !== 'object' ||
      patched === null ||
      Array.isArray(patched)
    ) {
      throw invalid(type.kind, name, 'the patch must produce an object');
    }
    const expected = patched.metadata?.resourceVersion;
    if (expected && expected !== current.metadata.resourceVersion) {
      throw conflict(
        type.plural,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
        type.group,
      );
    }
    const next = this.merge(current, patched, options.scope ?? 'all');
    return this.write(type, next, options, current);
  }

  /** Deletes an object; cascades to a namespace's content and to owned objects. */
  remove(
    kind: string,
    namespace: string | undefined,
    name: string,
    options: { dryRun?: boolean; preconditions?: DeletePreconditions } = {},
  ): KubeObject {
    const type = resourceType(kind);
    const current = this.read(type.kind, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw conflict(
        type.plural,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
        type.group,
      );
    }
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(
        type.plural,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
        type.group,
      );
    }
    if (options.dryRun) return current;
    this.objects.delete(this.key(type, namespace, name));
    this.counter++;
    if (type.kind === 'Namespace') {
      for (const key of [...this.objects.keys()]) {
        const obj = this.objects.get(key)!;
        if (obj.metadata.namespace === name) this.objects.delete(key);
      }
    }
    this.settle();
    return current;
  }

  /** Every stored object whose uid is `uid`, if any. */
  byUid(uid: string): Readonly<KubeObject> | undefined {
    for (const obj of this.objects.values()) {
      if (obj.metadata.uid === uid) return obj;
    }
    return undefined;
  }

  /** All stored objects, deep-frozen (for the garbage collector). */
  all(): ReadonlyArray<Readonly<KubeObject>> {
    return [...this.objects.values()];
  }

  private key(type: ResourceType, namespace: string | undefined, name: string) {
    return `${type.kind}/${type.namespaced ? namespace ?? '' : ''}/${name}`;
  }

  private namespaceFor(
    type: ResourceType,
    obj: KubeObject,
  ): string | undefined {
    if (!type.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    obj.metadata.namespace = obj.metadata.namespace || 'default';
    const ns = obj.metadata.namespace;
    if (!this.objects.has(`Namespace//${ns}`)) {
      throw new KubeApiError(404, 'NotFound', `namespaces "${ns}" not found`, {
        name: ns,
        kind: 'namespaces',
      });
    }
    return ns;
  }

  /** The next version of `current` given `input`, honouring the write scope. */
  private merge(current: KubeObject, input: KubeObject, scope: WriteScope) {
    let next: KubeObject;
    if (scope === 'status') {
      next = { ...deepClone(current), status: input.status };
    } else {
      next = input;
      if (
        scope === 'object' &&
        resourceType(current.kind).subresources.includes('status')
      ) {
        next.status = deepClone(current.status);
        if (next.status === undefined) delete next.status;
      }
    }
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    next.metadata = {
      ...(next.metadata ?? {}),
      name: current.metadata.name,
      namespace: current.metadata.namespace,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: current.metadata.generation,
      resourceVersion: current.metadata.resourceVersion,
    };
    if (next.metadata.namespace === undefined) delete next.metadata.namespace;
    if (next.metadata.generation === undefined) delete next.metadata.generation;
    if (!deepEqual(specPart(current), specPart(next))) {
      next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    }
    return next;
  }

  private write(
    type: ResourceType,
    obj: KubeObject,
    options: WriteOptions,
    current?: KubeObject,
  ): KubeObject {
    if (options.dryRun) return deepClone(obj);
    // A write that changes nothing keeps its resourceVersion, as in Kubernetes.
    if (current && deepEqual(current, obj)) return current;
    this.counter++;
    obj.metadata.resourceVersion = String(this.counter);
    const written = deepClone(obj);
    this.objects.set(
      this.key(type, obj.metadata.namespace, obj.metadata.name),
      deepFreeze(deepClone(obj)),
    );
    // The response is the object as written; controllers may move it on after.
    this.settle();
    return written;
  }

  /** Runs the reconcilers until a round changes nothing. */
  private settle() {
    if (this.settling) return;
    this.settling = true;
    try {
      for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
        const before = this.counter;
        for (const reconcile of this.reconcilers) reconcile(this);
        if (this.counter === before) return;
      }
      throw new Error('kube-test-server controllers did not settle');
    } finally {
      this.settling = false;
    }
  }
}

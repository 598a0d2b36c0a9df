import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ALERT_SELECTOR,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@awoooi/plugin-awoooi-common';

interface Selector {
  entityRef: string;
  labels: Array<[string, string]>;
}

/** Parses `service=checkout,namespace=prod` into label pairs; null when malformed. */
export function parseSelector(value: string): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = [];
  for (const part of value.split(',')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return null;
    pairs.push([trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim()]);
  }
  return pairs.length ? pairs : null;
}

const MAPPABLE_KINDS = new Set(['component', 'resource', 'system']);

/**
 * Maps alert labels to a catalog entity. Precedence: the `backstage_entity`
 * label; then the entity annotation `awoooi.io/alert-selector` matching the
 * most labels; then well-known labels — `namespace`+`deployment`, then
 * `service`, `app`, `job` — against `backstage.io/kubernetes-id` or the
 * entity name (Components before Resources).
 */
export class AlertEntityIndex {
  private readonly selectors: Selector[] = [];
  private readonly refs = new Set<string>();
  private readonly byName = new Map<string, string[]>();
  private readonly byKubeId = new Map<
    string,
    Array<{ ref: string; ns?: string }>
  >();

  constructor(entities: Iterable<Entity>) {
    for (const entity of entities) this.add(entity);
  }

  private add(entity: Entity) {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (!MAPPABLE_KINDS.has(kind)) return;
    const ref = stringifyEntityRef(entity);
    this.refs.add(ref);
    const annotations = entity.metadata.annotations ?? {};
    const selector = annotations[ANNOTATION_ALERT_SELECTOR];
    const labels = selector ? parseSelector(selector) : null;
    if (labels) this.selectors.push({ entityRef: ref, labels });
    const name = entity.metadata.name.toLocaleLowerCase('en-US');
    const named = this.byName.get(name) ?? [];
    // Components first: a `service` label most often names a service.
    if (kind === 'component') named.unshift(ref);
    else named.push(ref);
    this.byName.set(name, named);
    const kubeId = annotations[ANNOTATION_KUBERNETES_ID];
    if (kubeId) {
      const list = this.byKubeId.get(kubeId) ?? [];
      list.push({ ref, ns: annotations[ANNOTATION_KUBERNETES_NAMESPACE] });
      this.byKubeId.set(kubeId, list);
    }
  }

  /** Maps a health-report key (`kubernetes-id:<ns>/<id>` or an entity ref) to entity refs. */
  resolveHealthKey(key: string): string[] {
    const match = /^kubernetes-id:([^/]+)\/([^/]+)$/.exec(key);
    if (!match) return [key];
    const [, namespace, id] = match;
    return (this.byKubeId.get(id) ?? [])
      .filter(h => (h.ns ?? 'default') === namespace)
      .map(h => h.ref);
  }

  map(labels: Record<string, string>, explicitRef?: string): string | null {
    const direct = explicitRef ?? labels.backstage_entity;
    if (direct) {
      try {
        const ref = stringifyEntityRef(
          parseEntityRef(direct.toLocaleLowerCase('en-US'), {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
        if (this.refs.has(ref)) return ref;
      } catch {
        // fall through to the other rules
      }
    }

    let best: Selector | undefined;
    for (const s of this.selectors) {
      if (s.labels.every(([k, v]) => labels[k] === v)) {
        if (!best || s.labels.length > best.labels.length) best = s;
      }
    }
    if (best) return best.entityRef;

    if (labels.deployment) {
      const hits = this.byKubeId.get(labels.deployment) ?? [];
      const hit =
        hits.find(h => labels.namespace && h.ns === labels.namespace) ??
        hits.find(h => !h.ns);
      if (hit) return hit.ref;
    }
    for (const key of ['service', 'app', 'job']) {
      const value = labels[key];
      if (!value) continue;
      const kube = this.byKubeId.get(value);
      if (kube?.length) return kube[0].ref;
      const named = this.byName.get(value.toLocaleLowerCase('en-US'));
      if (named?.length) return named[0];
    }
    return null;
  }
}

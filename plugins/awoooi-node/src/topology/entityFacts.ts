import {
  Entity,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_COST_PER_HOUR,
  RootCausePriority,
} from '@awoooi/plugin-awoooi-common';

/**
 * `dependsOn`: the source needs the target to work. A consumer of an API
 * depends on the API, and the API depends on each of its providers; the walks
 * pass through API nodes without counting a hop.
 * `partOf`: the source is grouped under the target (system, domain, parent
 * component). Kept for queries, never walked by the analysis.
 */
export type TopologyEdgeType = 'dependsOn' | 'partOf';

export interface TopologyEdge {
  type: TopologyEdgeType;
  source: string;
  target: string;
}

/** What one entity contributes to the graph. */
export interface EntityFacts {
  ref: string;
  priority: RootCausePriority;
  /** Declared cost of downtime per hour; null when absent or invalid. */
  costPerHour: number | null;
  /** Deduplicated edges this entity declares, through relations or spec fields. */
  edges: TopologyEdge[];
}

/** `self` is the entity that carries the relation or spec field. */
type Direction = 'fromSelf' | 'toSelf';

const RELATIONS: Record<string, [TopologyEdgeType, Direction]> = {
  [RELATION_DEPENDS_ON]: ['dependsOn', 'fromSelf'],
  [RELATION_DEPENDENCY_OF]: ['dependsOn', 'toSelf'],
  [RELATION_CONSUMES_API]: ['dependsOn', 'fromSelf'],
  [RELATION_API_CONSUMED_BY]: ['dependsOn', 'toSelf'],
  // The API depends on its provider: requests to it land there.
  [RELATION_PROVIDES_API]: ['dependsOn', 'toSelf'],
  [RELATION_API_PROVIDED_BY]: ['dependsOn', 'fromSelf'],
  [RELATION_PART_OF]: ['partOf', 'fromSelf'],
  [RELATION_HAS_PART]: ['partOf', 'toSelf'],
};

/**
 * Spec fields as written in catalog YAML (entities read from files carry no
 * `relations`). Short refs get the field's kind, as the catalog's own
 * processor does; `dependsOn` has no kind there, so `component` is assumed.
 */
const SPEC_FIELDS: Array<[string, string, TopologyEdgeType, Direction]> = [
  ['dependsOn', 'component', 'dependsOn', 'fromSelf'],
  ['dependencyOf', 'component', 'dependsOn', 'toSelf'],
  ['consumesApis', 'api', 'dependsOn', 'fromSelf'],
  ['providesApis', 'api', 'dependsOn', 'toSelf'],
  ['system', 'system', 'partOf', 'fromSelf'],
  ['domain', 'domain', 'partOf', 'fromSelf'],
  ['subcomponentOf', 'component', 'partOf', 'fromSelf'],
  ['subdomainOf', 'domain', 'partOf', 'fromSelf'],
];

const RESOURCE_PRIORITIES: Record<string, RootCausePriority> = {
  database: 'database',
  cache: 'cache',
  queue: 'queue',
};

const CANONICAL_REF = /^[^A-Z:/\s]+:[^A-Z:/\s]+\/[^A-Z:/\s]+$/;

/** Canonical `kind:namespace/name`, or undefined when the value is no usable ref. */
export function toEntityRef(
  value: unknown,
  context: { defaultKind?: string; defaultNamespace?: string } = {},
): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Refs the catalog hands out are already canonical: skip parsing them.
  if (CANONICAL_REF.test(value)) return value;
  if (value.trim() === '') return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(value.trim(), context));
  } catch {
    return undefined;
  }
}

/** A number of at least 0 (or a string holding one); anything else is ignored. */
export function parseCostPerHour(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value : null;
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/** Resources rank by `spec.type`; every other kind counts as a service. */
export function rootCausePriorityOf(entity: Entity): RootCausePriority {
  if (entity.kind.toLocaleLowerCase('en-US') !== 'resource') return 'service';
  const type = entity.spec?.type;
  if (typeof type !== 'string') return 'resource';
  return RESOURCE_PRIORITIES[type.toLocaleLowerCase('en-US')] ?? 'resource';
}

export function readEntityFacts(entity: Entity): EntityFacts {
  const ref = stringifyEntityRef(entity);
  const namespace = parseEntityRef(ref).namespace;
  const edges: TopologyEdge[] = [];
  // The same edge often comes both as a relation and as a spec field.
  const seen = new Map<string, Set<string>>();

  const add = (
    type: TopologyEdgeType,
    direction: Direction,
    other: string | undefined,
  ) => {
    if (!other || other === ref) return;
    const bucket = `${type} ${direction}`;
    const others = seen.get(bucket) ?? new Set();
    if (others.has(other)) return;
    seen.set(bucket, others.add(other));
    edges.push(
      direction === 'fromSelf'
        ? { type, source: ref, target: other }
        : { type, source: other, target: ref },
    );
  };

  for (const relation of entity.relations ?? []) {
    const known = RELATIONS[relation.type];
    if (known) {
      add(
        known[0],
        known[1],
        toEntityRef(relation.targetRef, { defaultNamespace: namespace }),
      );
    }
  }

  const spec = entity.spec ?? {};
  for (const [field, defaultKind, type, direction] of SPEC_FIELDS) {
    const raw = spec[field];
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      add(
        type,
        direction,
        toEntityRef(value, { defaultKind, defaultNamespace: namespace }),
      );
    }
  }

  return {
    ref,
    priority: rootCausePriorityOf(entity),
    costPerHour: parseCostPerHour(
      entity.metadata.annotations?.[ANNOTATION_COST_PER_HOUR],
    ),
    edges,
  };
}

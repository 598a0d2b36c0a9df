/**
 * One range query per signal for a whole neighbourhood instead of one per
 * entity and signal.
 *
 * Entities whose selectors (`awoooi.io/prometheus-selector`) name the same
 * labels with `=` and share their other matchers are queried together: the
 * `=` matchers become one regex matcher per label (values escaped), every
 * aggregation of the template keeps those labels (`sum(…)` becomes
 * `sum by (service) (…)`), and the answer's series go back to the entities
 * by their values of those labels. The per-entity query of a template sums
 * whatever series it returns; the batched one sums the series of each
 * entity's label values, which are the same series. Templates whose meaning
 * would change when rewritten (a series not scoped by `$selector`, a
 * function that drops labels, a matching that ignores the entity labels)
 * and entities that share their selector's shape with no other entity are
 * queried one by one, as before.
 */
import { escapeRegex, quote } from './promqlLiterals';
import { parseSelector, type ParsedSelector } from './selectorMatchers';
import { signalQueries } from './signalQueries';
import { batchTemplate } from './templateRewrite';

/** An entity and its selector as parsePrometheusSelector returns it. */
export interface EntitySelector {
  entityRef: string;
  selector: string;
}

/**
 * One range query and whose series its answer holds: a series belongs to
 * an entity when its labels named in `by` have the entity's `values`
 * (a missing label reads as ""). With `by` empty every series belongs to
 * every entity listed (the query of one entity).
 */
export interface SignalQuery {
  signal: string;
  promql: string;
  by: string[];
  entities: Array<{ entityRef: string; values: string[] }>;
}

export interface BatchOptions {
  /**
   * Most entities in one query; default 16. Prometheus does about the same
   * work for one large query as for a few smaller ones, which finish sooner
   * each, keep below the per-query timeout and spread over its cores.
   */
  maxEntities?: number;
}

/** One series per entity of value `argument`, labelled like the entity's series. */
function labelledVector(
  labels: readonly string[],
  combos: ReadonlyArray<readonly string[]>,
) {
  return (argument: string) =>
    `(${combos
      .map(values =>
        labels.reduce(
          (expr, label, k) =>
            `label_replace(${expr}, ${quote(label)}, ${quote(
              values[k].replace(/\$/g, '$$$$'),
            )}, "", "")`,
          `vector(${argument})`,
        ),
      )
      .join(' or ')})`;
}

/**
 * The range queries of the signals of a neighbourhood: per signal one query
 * for each group of entities that can be asked together, and one per entity
 * for the others (see the module comment).
 */
export function batchSignalQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  entities: readonly EntitySelector[],
  options: BatchOptions = {},
): SignalQuery[] {
  const maxEntities = Math.max(1, options.maxEntities ?? 16);
  const { groups, alone } = groupBySelectorShape(entities);
  const queries = alone.flatMap(e => singleQueries(templates, e));
  for (const group of groups.values()) {
    for (const chunk of evenChunks(group.members, maxEntities)) {
      queries.push(...chunkQueries(templates, group, chunk));
    }
  }
  return queries;
}

/** An entity parsed, and the entities whose selectors share its shape. */
interface ShapeGroup {
  labels: string[];
  other: string[];
  members: Array<{ entity: EntitySelector; selector: ParsedSelector }>;
}

/** Entities by the shape of their selectors; those with no `=` matcher alone. */
function groupBySelectorShape(entities: readonly EntitySelector[]) {
  const groups = new Map<string, ShapeGroup>();
  const alone: EntitySelector[] = [];
  for (const entity of entities) {
    const selector = parseSelector(entity.selector);
    if (!selector || selector.equal.size === 0) {
      alone.push(entity);
      continue;
    }
    const labels = [...selector.equal.keys()].sort();
    const key = JSON.stringify([labels, selector.other]);
    const group = groups.get(key) ?? {
      labels,
      other: selector.other,
      members: [],
    };
    group.members.push({ entity, selector });
    groups.set(key, group);
  }
  return { groups, alone };
}

/** Chunks of even size: 50 entities by 16 are 13 + 13 + 12 + 12. */
function evenChunks<T>(items: readonly T[], most: number): T[][] {
  const count = Math.ceil(items.length / most);
  return Array.from({ length: count }, (_, c) =>
    items.slice(
      Math.round((c * items.length) / count),
      Math.round(((c + 1) * items.length) / count),
    ),
  );
}

/** The per-entity queries of one entity, for the signals given (default all). */
function singleQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  entity: EntitySelector,
  signals?: ReadonlySet<string>,
): SignalQuery[] {
  return signalQueries(templates, entity.selector)
    .filter(q => !signals || signals.has(q.signal))
    .map(q => ({
      ...q,
      by: [],
      entities: [{ entityRef: entity.entityRef, values: [] }],
    }));
}

/**
 * The queries of one chunk of entities of the same shape: one per signal,
 * and per entity for the signals whose templates cannot be batched.
 */
function chunkQueries(
  templates: ReadonlyMap<string, readonly string[]>,
  { labels, other }: ShapeGroup,
  chunk: ShapeGroup['members'],
): SignalQuery[] {
  if (chunk.length === 1) return singleQueries(templates, chunk[0].entity);
  const values = chunk.map(m => labels.map(l => m.selector.equal.get(l)!));
  const matchers = chunkMatchers(labels, other, values);
  const combos = [...new Map(values.map(v => [JSON.stringify(v), v])).values()];
  const vector = labelledVector(labels, combos);
  const queries: SignalQuery[] = [];
  const unbatched = new Set<string>();
  for (const [signal, list] of templates) {
    const rewritten = list.map(t => batchTemplate(t, labels, matchers, vector));
    if (rewritten.some(r => r === undefined)) {
      unbatched.add(signal);
      continue;
    }
    queries.push({
      signal,
      promql: rewritten.map(r => `(${r})`).join(' or '),
      by: labels,
      entities: chunk.map((m, k) => ({
        entityRef: m.entity.entityRef,
        values: values[k],
      })),
    });
  }
  if (unbatched.size === 0) return queries;
  return queries.concat(
    chunk.flatMap(m => singleQueries(templates, m.entity, unbatched)),
  );
}

/** The shared matchers and, per label, one value or a regex of all of them. */
function chunkMatchers(
  labels: readonly string[],
  other: readonly string[],
  values: readonly string[][],
): string {
  return [
    ...other,
    ...labels.map((label, k) => {
      const distinct = [...new Set(values.map(v => v[k]))];
      return distinct.length === 1
        ? `${label}=${quote(distinct[0])}`
        : `${label}=~${quote(distinct.map(escapeRegex).join('|'))}`;
    }),
  ].join(',');
}

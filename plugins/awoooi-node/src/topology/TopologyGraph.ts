import type { Entity } from '@backstage/catalog-model';
import { RootCausePriority } from '@awoooi/plugin-awoooi-common';
import {
  TopologyEdge,
  TopologyEdgeType,
  readEntityFacts,
  toEntityRef,
} from './entityFacts';

/** Node flags. */
export const PRESENT = 1; // an entity of the catalog, not only a referenced ref
export const API = 2; // walks pass through it without counting a hop

/** Root-cause priority classes in ranking order, stored per node as an index. */
export const PRIORITY_ORDER: readonly RootCausePriority[] = [
  'database',
  'cache',
  'queue',
  'resource',
  'service',
];
const SERVICE = PRIORITY_ORDER.indexOf('service');

const DEPENDS = 0;
const PART = 1;

/**
 * The catalog as a graph with integer node ids and adjacency arrays, built
 * once and then kept current with {@link TopologyGraph.upsertEntity} and
 * {@link TopologyGraph.removeEntity}.
 *
 * An edge exists while at least one present entity declares it (both ends of
 * a catalog relation usually do), so applying changes one by one gives the
 * same graph as a fresh build from the resulting entities. Refs that entities
 * point at but that are not in the catalog get a placeholder node, freed when
 * nothing points at them any more. Adjacency lists are kept sorted by ref so
 * that walks, and the paths they find, do not depend on the order of updates.
 */
export class TopologyGraph {
  /* The fields below are read by the analysis; treat them as read-only. */
  /** Ref of each node id ('' for a freed id). */
  readonly refs: string[] = [];
  /** PRESENT / API bits per node. */
  flags = new Uint8Array(64);
  /** Index into PRIORITY_ORDER per node. */
  priority = new Uint8Array(64);
  /** Cost of downtime per hour per node; NaN when none is declared. */
  cost = new Float64Array(64);
  /** `dependsOn` targets per node. */
  readonly down: number[][] = [];
  /** `dependsOn` sources per node (its dependents). */
  readonly up: number[][] = [];

  private readonly groups: number[][] = [];
  private readonly members: number[][] = [];
  private readonly ids = new Map<string, number>();
  /** Edges each present entity declared, flat as [type, source, target, …]. */
  private readonly declared: Array<number[] | undefined> = [];
  /** How many entities declare each edge, aligned with `down` / `groups`. */
  private readonly downCounts: number[][] = [];
  private readonly groupCounts: number[][] = [];
  private readonly byName = new Map<string, Set<number>>();
  private readonly freeIds: number[] = [];
  private entities = 0;
  private changes = 0;

  /** Grows with every change, so memos of walks know when they are stale. */
  get version(): number {
    return this.changes;
  }

  /** Number of catalog entities in the graph. */
  get size(): number {
    return this.entities;
  }

  /** Node id of a present entity, or -1. Accepts refs in any case. */
  idOf(ref: string): number {
    let id = this.ids.get(ref);
    if (id === undefined) {
      const canonical = toEntityRef(ref);
      id = canonical === undefined ? undefined : this.ids.get(canonical);
    }
    return id !== undefined && this.flags[id] & PRESENT ? id : -1;
  }

  has(ref: string): boolean {
    return this.idOf(ref) !== -1;
  }

  /** Refs of all entities, sorted. */
  entityRefs(): string[] {
    return this.refs.filter((_, id) => this.flags[id] & PRESENT).sort();
  }

  /** Refs of the entities with this name (any kind or namespace), sorted. */
  findByName(name: string): string[] {
    const ids = this.byName.get(name.toLocaleLowerCase('en-US')) ?? [];
    return [...ids].map(id => this.refs[id]).sort();
  }

  /** Groups (systems, domains, parent components) the entity is part of. */
  groupsOf(ref: string): string[] {
    return this.neighbours(this.groups, ref);
  }

  /** Entities that are part of this group. */
  partsOf(ref: string): string[] {
    return this.neighbours(this.members, ref);
  }

  /** Every edge in the graph, sorted; for inspection and comparison. */
  relations(): TopologyEdge[] {
    const edges: TopologyEdge[] = [];
    const collect = (type: TopologyEdgeType, lists: number[][]) =>
      lists.forEach((targets, source) => {
        for (const target of targets) {
          edges.push({
            type,
            source: this.refs[source],
            target: this.refs[target],
          });
        }
      });
    collect('dependsOn', this.down);
    collect('partOf', this.groups);
    const order = (e: TopologyEdge) => `${e.type} ${e.source} ${e.target}`;
    return edges.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  }

  /** Adds an entity or replaces the previous version of it. Returns its ref. */
  upsertEntity(entity: Entity): string {
    const facts = readEntityFacts(entity);
    this.changes += 1;
    const id = this.intern(facts.ref);
    const previous = this.declared[id];
    if (previous) {
      this.retract(previous);
    } else {
      this.entities += 1;
      this.flags[id] |= PRESENT;
      const name = facts.ref.slice(facts.ref.indexOf('/') + 1);
      const named = this.byName.get(name) ?? new Set();
      this.byName.set(name, named.add(id));
    }
    this.priority[id] = PRIORITY_ORDER.indexOf(facts.priority);
    this.cost[id] = facts.costPerHour ?? NaN;

    const declared: number[] = [];
    for (const edge of facts.edges) {
      const type = edge.type === 'dependsOn' ? DEPENDS : PART;
      const source = this.intern(edge.source);
      const target = this.intern(edge.target);
      this.addEdge(type, source, target);
      declared.push(type, source, target);
    }
    this.declared[id] = declared;
    // Placeholders the old version alone pointed at are freed only now, so
    // that an unchanged edge keeps its node.
    if (previous) this.releaseEndpoints(previous);
    return facts.ref;
  }

  /** Removes an entity and the edges only it declared. False when absent. */
  removeEntity(ref: string): boolean {
    const id = this.idOf(ref);
    if (id === -1) return false;
    this.changes += 1;
    const previous = this.declared[id] ?? [];
    this.retract(previous);
    this.declared[id] = undefined;
    this.entities -= 1;
    this.flags[id] &= ~PRESENT;
    this.priority[id] = SERVICE;
    this.cost[id] = NaN;
    const name = this.refs[id].slice(this.refs[id].indexOf('/') + 1);
    const named = this.byName.get(name);
    named?.delete(id);
    if (named?.size === 0) this.byName.delete(name);
    this.releaseEndpoints(previous);
    this.releaseIfOrphan(id);
    return true;
  }

  private neighbours(lists: number[][], ref: string): string[] {
    const id = this.idOf(ref);
    return id === -1 ? [] : lists[id].map(other => this.refs[other]);
  }

  private intern(ref: string): number {
    const known = this.ids.get(ref);
    if (known !== undefined) return known;
    const id = this.freeIds.pop() ?? this.refs.length;
    this.ensureCapacity(id + 1);
    this.ids.set(ref, id);
    this.refs[id] = ref;
    this.flags[id] = ref.startsWith('api:') ? API : 0;
    this.priority[id] = SERVICE;
    this.cost[id] = NaN;
    this.down[id] = [];
    this.up[id] = [];
    this.groups[id] = [];
    this.members[id] = [];
    this.downCounts[id] = [];
    this.groupCounts[id] = [];
    return id;
  }

  private ensureCapacity(size: number) {
    if (size <= this.flags.length) return;
    const capacity = Math.max(size, this.flags.length * 2);
    const grow = <T extends Uint8Array | Float64Array>(old: T, next: T) => {
      next.set(old);
      return next;
    };
    this.flags = grow(this.flags, new Uint8Array(capacity));
    this.priority = grow(this.priority, new Uint8Array(capacity));
    this.cost = grow(this.cost, new Float64Array(capacity));
  }

  private addEdge(type: number, source: number, target: number) {
    const [outgoing, incoming, counts] = this.lists(type);
    const list = outgoing[source];
    const at = this.position(list, target);
    if (list[at] === target) {
      counts[source][at] += 1;
      return;
    }
    list.splice(at, 0, target);
    counts[source].splice(at, 0, 1);
    const back = incoming[target];
    back.splice(this.position(back, source), 0, source);
  }

  private removeEdge(type: number, source: number, target: number) {
    const [outgoing, incoming, counts] = this.lists(type);
    const list = outgoing[source];
    const at = this.position(list, target);
    if (list[at] !== target) return;
    if (counts[source][at] > 1) {
      counts[source][at] -= 1;
      return;
    }
    list.splice(at, 1);
    counts[source].splice(at, 1);
    const back = incoming[target];
    back.splice(this.position(back, source), 1);
  }

  private lists(type: number): [number[][], number[][], number[][]] {
    return type === DEPENDS
      ? [this.down, this.up, this.downCounts]
      : [this.groups, this.members, this.groupCounts];
  }

  /** Where `id` is or belongs in a list sorted by ref (binary search). */
  private position(list: number[], id: number): number {
    const ref = this.refs[id];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.refs[list[middle]] < ref) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private retract(declared: number[]) {
    for (let i = 0; i < declared.length; i += 3) {
      this.removeEdge(declared[i], declared[i + 1], declared[i + 2]);
    }
  }

  private releaseEndpoints(declared: number[]) {
    for (let i = 0; i < declared.length; i += 3) {
      this.releaseIfOrphan(declared[i + 1]);
      this.releaseIfOrphan(declared[i + 2]);
    }
  }

  private releaseIfOrphan(id: number) {
    if (this.refs[id] === '' || this.flags[id] & PRESENT) return;
    if (
      this.down[id].length ||
      this.up[id].length ||
      this.groups[id].length ||
      this.members[id].length
    ) {
      return;
    }
    this.ids.delete(this.refs[id]);
    this.refs[id] = '';
    this.flags[id] = 0;
    this.freeIds.push(id);
  }
}

/** Builds the graph of a set of catalog entities. */
export function buildTopologyGraph(entities: Iterable<Entity>): TopologyGraph {
  const graph = new TopologyGraph();
  for (const entity of entities) graph.upsertEntity(entity);
  return graph;
}

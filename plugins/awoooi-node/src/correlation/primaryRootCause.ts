import { TopologyGraph } from '../topology/TopologyGraph';
import { onOneCycle } from './dependencyCycles';
import { everyBelow } from './reach';

/**
 * The primary root cause among the entities of one correlated incident.
 *
 * Candidates are the members with no other member below them, at any depth:
 * nothing else in the incident explains their trouble. Members on a
 * dependency cycle explain each other, so a member whose every member below
 * also reaches it back stays a candidate. Candidates are ranked database >
 * cache > queue > other resource > service, then by ref. Null when there is
 * no member in the catalog.
 */
export function primaryRootCause(
  graph: TopologyGraph,
  members: Iterable<string>,
): string | null {
  const refs = [...new Set(members)].filter(ref => graph.has(ref));
  const isMember = new Set(refs);
  // Walks stop at the first member below that is not on a cycle with the
  // one walked from, so only candidates, usually low in the graph, are
  // walked to the bottom.
  const candidates = refs.filter(ref =>
    everyBelow(
      graph,
      ref,
      below => !isMember.has(below) || onOneCycle(graph, below, ref),
    ),
  );
  return candidates.sort((a, b) => byPriorityThenRef(graph, a, b))[0] ?? null;
}

function byPriorityThenRef(graph: TopologyGraph, a: string, b: string) {
  const rank = (ref: string) => graph.priority[graph.idOf(ref)];
  const priority = rank(a) - rank(b);
  if (priority !== 0) return priority;
  return a < b ? -1 : 1;
}

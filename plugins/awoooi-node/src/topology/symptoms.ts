import { TopologyGraph } from './TopologyGraph';
import { Scratch, walk } from './topologyWalk';

/**
 * Marks as symptoms the candidates whose trouble another candidate explains.
 *
 * From each candidate the dependency graph below it is walked for maxDepth
 * hops (counted from the candidate, not from the target, so a cause reached
 * through a longer side branch still counts), looking for the other
 * candidates. Only candidates count: every symptom points at an entity the
 * result lists. Candidate X is a symptom when it reaches a candidate Y that
 * does not reach X back; unhealthy entities on a cycle explain each other,
 * so neither becomes a symptom of the other. `explains(y, x)` (candidate
 * indexes) can further rule out Y as an explanation of X.
 */
export function markSymptoms(
  graph: TopologyGraph,
  scratch: Scratch,
  candidates: number[],
  maxDepth: number,
  explains?: (cause: number, symptom: number) => boolean,
): boolean[] {
  const count = candidates.length;
  const reaches = new Uint8Array(count * count);
  const { candidate, candidateIndex, queue } = scratch;
  candidates.forEach((node, index) => {
    const visited = walk(graph, scratch, graph.down, node, maxDepth);
    for (let i = 1; i < visited; i++) {
      const other = queue[i];
      if (candidate[other] === scratch.analysis) {
        reaches[index * count + candidateIndex[other]] = 1;
      }
    }
  });
  return candidates.map((_, x) => {
    for (let y = 0; y < count; y++) {
      if (
        y !== x &&
        reaches[x * count + y] &&
        !reaches[y * count + x] &&
        (!explains || explains(y, x))
      ) {
        return true;
      }
    }
    return false;
  });
}

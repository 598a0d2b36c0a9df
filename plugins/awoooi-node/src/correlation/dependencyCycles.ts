import { API, PRESENT, TopologyGraph } from '../topology/TopologyGraph';

const memo = new WeakMap<
  TopologyGraph,
  { version: number; component: Int32Array }
>();

/**
 * Whether two catalog entities depend on each other, directly or through
 * others: whether each lies below the other (APIs passed through, as the
 * walks in reach.ts do). Two entities on one dependency cycle explain each
 * other's trouble. Answered from the graph's strongly connected components,
 * computed once per graph version, instead of walking everything below one
 * of them for every question.
 */
export function onOneCycle(graph: TopologyGraph, a: string, b: string) {
  const x = graph.idOf(a);
  const y = graph.idOf(b);
  if (x === -1 || y === -1) return false;
  const { component } = componentsOf(graph);
  return component[x] === component[y];
}

function componentsOf(graph: TopologyGraph) {
  let entry = memo.get(graph);
  if (!entry || entry.version !== graph.version) {
    entry = { version: graph.version, component: components(graph) };
    memo.set(graph, entry);
  }
  return entry;
}

/**
 * Tarjan's strongly connected components over the entities and APIs of the
 * catalog along dependency edges, iterative (a deep catalog must not
 * overflow the stack). Nodes walks skip (referenced, not in the catalog)
 * each stay a component of their own.
 */
function components(graph: TopologyGraph): Int32Array {
  const n = graph.refs.length;
  const walked = (node: number) => (graph.flags[node] & (PRESENT | API)) !== 0;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    if (!walked(root)) {
      component[root] = count++;
      continue;
    }
    // Each frame: a node and the position of the next edge to follow.
    const frames: Array<[number, number]> = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const [node, edge] = frame;
      const next = graph.down[node]?.[edge];
      if (next !== undefined) {
        frame[1]++;
        if (!walked(next)) continue;
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          frames.push([next, 0]);
        } else if (onStack[next]) low[node] = Math.min(low[node], index[next]);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1][0];
        low[parent] = Math.min(low[parent], low[node]);
      }
      if (low[node] === index[node]) {
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component[member] = count;
        } while (member !== node);
        count++;
      }
    }
  }
  return component;
}

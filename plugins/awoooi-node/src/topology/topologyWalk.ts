import { API, PRESENT, TopologyGraph } from './TopologyGraph';

/** Per-graph buffers reused across analyses; stamps avoid clearing them. */
export class Scratch {
  size = 0;
  /** Bumped per walk: a node is visited in this walk when seen[n] === walk. */
  walk = 0;
  seen = new Int32Array(0);
  distance = new Int32Array(0);
  parent = new Int32Array(0);
  queue = new Int32Array(0);
  apis = new Int32Array(0);
  /** Bumped per analysis, for the marks below. */
  analysis = 0;
  /** Distinct nodes any walk of the current analysis visited. */
  walkedCount = 0;
  walked = new Int32Array(0);
  unhealthy = new Int32Array(0);
  candidate = new Int32Array(0);
  candidateIndex = new Int32Array(0);
  evidence: Array<readonly string[]> = new Array(0);

  fit(size: number) {
    if (size > this.size) {
      const capacity = Math.max(size, this.size * 2, 64);
      this.size = capacity;
      this.seen = new Int32Array(capacity);
      this.distance = new Int32Array(capacity);
      this.parent = new Int32Array(capacity);
      this.queue = new Int32Array(capacity);
      this.apis = new Int32Array(capacity);
      this.walked = new Int32Array(capacity);
      this.unhealthy = new Int32Array(capacity);
      this.candidate = new Int32Array(capacity);
      this.candidateIndex = new Int32Array(capacity);
      this.evidence = new Array(capacity);
      this.walk = 0;
      this.analysis = 0;
    }
    if (this.walk > 2 ** 30) {
      this.seen.fill(0);
      this.walk = 0;
    }
    if (this.analysis > 2 ** 30) {
      this.walked.fill(0);
      this.unhealthy.fill(0);
      this.candidate.fill(0);
      this.analysis = 0;
    }
  }
}

const scratches = new WeakMap<TopologyGraph, Scratch>();

export function scratchFor(graph: TopologyGraph): Scratch {
  let scratch = scratches.get(graph);
  if (!scratch) {
    scratch = new Scratch();
    scratches.set(graph, scratch);
  }
  scratch.fit(graph.refs.length);
  return scratch;
}

/**
 * Breadth-first walk from `start` along `adjacency` for at most `maxDepth`
 * hops, leaving distance and parent (APIs skipped) of each visited node in
 * the scratch buffers. API nodes are passed through: their neighbours sit one
 * hop from the node that reached the API. Nodes that are only referenced,
 * not in the catalog, are not walked. With `onlyThrough`, the walk goes on
 * from a node (other than `start`) only when it is marked with the current
 * analysis there. Returns the number of queued nodes; `scratch.queue` holds
 * them in visiting order (start first).
 */
export function walk(
  graph: TopologyGraph,
  scratch: Scratch,
  adjacency: number[][],
  start: number,
  maxDepth: number,
  onlyThrough?: Int32Array,
): number {
  const { flags } = graph;
  const { seen, distance, parent, queue, apis, walked } = scratch;
  const stamp = ++scratch.walk;
  const analysis = scratch.analysis;
  let walkedCount = scratch.walkedCount;
  seen[start] = stamp;
  if (walked[start] !== analysis) {
    walked[start] = analysis;
    walkedCount++;
  }
  distance[start] = 0;
  parent[start] = -1;
  queue[0] = start;
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const from = queue[head++];
    const next = distance[from] + 1;
    if (next > maxDepth) continue;
    if (onlyThrough && from !== start && onlyThrough[from] !== analysis) {
      continue;
    }
    let list = adjacency[from];
    // APIs met while expanding `from` are expanded in turn, in ref order.
    let apiHead = 0;
    let apiTail = 0;
    for (;;) {
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (seen[node] === stamp) continue;
        const flag = flags[node];
        if (!(flag & (API | PRESENT))) continue;
        seen[node] = stamp;
        if (walked[node] !== analysis) {
          walked[node] = analysis;
          walkedCount++;
        }
        if (flag & API) {
          apis[apiTail++] = node;
        } else {
          distance[node] = next;
          parent[node] = from;
          queue[tail++] = node;
        }
      }
      if (apiHead === apiTail) break;
      list = adjacency[apis[apiHead++]];
    }
  }
  scratch.walkedCount = walkedCount;
  return tail;
}

export function pathTo(graph: TopologyGraph, scratch: Scratch, node: number) {
  const path: string[] = [];
  for (let at = node; at !== -1; at = scratch.parent[at]) {
    path.push(graph.refs[at]);
  }
  return path.reverse();
}

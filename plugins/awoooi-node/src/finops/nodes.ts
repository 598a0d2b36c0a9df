import type { FinOpsNodeInput, FinOpsOptions } from './types';

export interface NodeShares {
  requestedCpu: number;
  requestedMemory: number;
  actualCpu: number;
  actualMemory: number;
}

/** Requested and used shares of what the node can allocate, 0–1. */
export function nodeShares(node: FinOpsNodeInput): NodeShares {
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
  return {
    requestedCpu: share(node.requestedCpu, node.allocatableCpu),
    requestedMemory: share(node.requestedMemoryGi, node.allocatableMemoryGi),
    actualCpu: share(node.actualCpu, node.allocatableCpu),
    actualMemory: share(node.actualMemoryGi, node.allocatableMemoryGi),
  };
}

/**
 * Over-provisioned: the scheduler sees the node as full (CPU or memory
 * requested ≥ `nodeMinRequestedShare` of allocatable) while it does little
 * (neither CPU nor memory used above `nodeMaxActualShare`). A node that is busy
 * on one resource is left alone: it could not be shrunk.
 */
export function isOverprovisioned(
  node: FinOpsNodeInput,
  options: Pick<FinOpsOptions, 'nodeMinRequestedShare' | 'nodeMaxActualShare'>,
): boolean {
  const s = nodeShares(node);
  const looksFull =
    Math.max(s.requestedCpu, s.requestedMemory) >=
    options.nodeMinRequestedShare;
  const isIdle =
    Math.max(s.actualCpu, s.actualMemory) <= options.nodeMaxActualShare;
  return looksFull && isIdle;
}

/** The safety buffer: wasted = requested − actual × 1.2 (20 % headroom above what is actually used), never below 0. */
export const DEFAULT_BUFFER_FACTOR = 1.2;

/** wasted = max(0, requested − actual × buffer): what can go without starving the workload. */
export function wasted(
  requested: number,
  actual: number,
  bufferFactor: number = DEFAULT_BUFFER_FACTOR,
): number {
  return Math.max(0, requested - actual * bufferFactor);
}

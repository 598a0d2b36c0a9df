import { DEFAULT_BUFFER_FACTOR } from './waste';
import type { FinOpsOptions } from './types';

export const DEFAULT_FINOPS_OPTIONS: Readonly<FinOpsOptions> = Object.freeze({
  bufferFactor: DEFAULT_BUFFER_FACTOR,
  zombieCpuRatio: 0.01,
  zombieMinDays: 7,
  nodeMinRequestedShare: 0.7,
  nodeMaxActualShare: 0.25,
});

/** Defaults overridden one by one; undefined values keep the default. */
export function resolveFinOpsOptions(
  options: Partial<FinOpsOptions> = {},
): FinOpsOptions {
  const resolved = { ...DEFAULT_FINOPS_OPTIONS };
  for (const key of Object.keys(resolved) as Array<keyof FinOpsOptions>) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value;
  }
  return resolved;
}

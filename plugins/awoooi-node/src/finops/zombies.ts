import type { FinOpsOptions, FinOpsPodInput } from './types';

/**
 * Idle days in a row up to the latest day: days on which the pod used less CPU
 * than `ratio` of its request. Only the trailing run counts, because a pod
 * that was idle last month but works today is not a zombie.
 */
export function idleStreakDays(
  pod: Pick<FinOpsPodInput, 'cpuRequestCores' | 'dailyCpuCores'>,
  ratio: number,
): number {
  if (!(pod.cpuRequestCores > 0)) return 0;
  const limit = pod.cpuRequestCores * ratio;
  let days = 0;
  for (let i = pod.dailyCpuCores.length - 1; i >= 0; i--) {
    if (!(pod.dailyCpuCores[i] < limit)) break;
    days++;
  }
  return days;
}

export interface ZombiePod {
  pod: FinOpsPodInput;
  idleDays: number;
  /** Highest daily CPU over the idle run: the "actual" of the waste formula. */
  actualCpu: number;
  /** Highest daily memory over the same days; the request when memory is unknown. */
  actualMemoryGi: number;
}

/**
 * A zombie uses less than `zombieCpuRatio` of its CPU request on every one of
 * the last `zombieMinDays` (or more) days. Actual use is the peak over those
 * days, so the waste never counts headroom the pod did need.
 */
export function findZombiePods(
  pods: readonly FinOpsPodInput[],
  options: Pick<FinOpsOptions, 'zombieCpuRatio' | 'zombieMinDays'>,
): ZombiePod[] {
  const zombies: ZombiePod[] = [];
  for (const pod of pods) {
    const idleDays = idleStreakDays(pod, options.zombieCpuRatio);
    if (idleDays < options.zombieMinDays) continue;
    const cpuDays = pod.dailyCpuCores.slice(-idleDays);
    const memoryDays = pod.dailyMemoryGi.slice(-idleDays);
    zombies.push({
      pod,
      idleDays,
      actualCpu: Math.max(...cpuDays),
      // Without memory data nothing is claimed: the request counts as used.
      actualMemoryGi:
        memoryDays.length > 0 ? Math.max(...memoryDays) : pod.memoryRequestGi,
    });
  }
  return zombies;
}

import { computeMonthlyCost } from './prices';
import { amount, Finding } from './finding';
import { FINOPS_ACTIONS, ZOMBIE_BARE_POD_ACTION } from './finopsActions';
import type { FinOpsInput, FinOpsOptions, FinOpsPrices } from './types';
import { wasted } from './waste';
import type { ZombiePod } from './zombies';

function podKey(namespace: string, owner: string | null, name: string) {
  return owner === null
    ? `pod/${namespace}/${name}`
    : `deployment/${namespace}/${owner}`;
}

/** Zombie pods by the workload a fix acts on: their Deployment, or the bare pod. */
function byWorkload(zombies: ZombiePod[]): Map<string, ZombiePod[]> {
  const groups = new Map<string, ZombiePod[]>();
  for (const zombie of zombies) {
    const { namespace, owner, name } = zombie.pod;
    const key = podKey(namespace, owner, name);
    groups.set(key, [...(groups.get(key) ?? []), zombie]);
  }
  return groups;
}

/** What a workload's zombie pods waste: CPU, memory, and their cost at each node's rate. */
function zombieWaste(
  members: ZombiePod[],
  prices: FinOpsPrices,
  factors: Map<string, number>,
  options: FinOpsOptions,
) {
  let cost = 0;
  let cpu = 0;
  let memory = 0;
  for (const { pod, actualCpu, actualMemoryGi } of members) {
    const cpuWaste = wasted(
      pod.cpuRequestCores,
      actualCpu,
      options.bufferFactor,
    );
    const memoryWaste = wasted(
      pod.memoryRequestGi,
      actualMemoryGi,
      options.bufferFactor,
    );
    const factor =
      pod.nodeName === undefined ? 1 : factors.get(pod.nodeName) ?? 1;
    cost += computeMonthlyCost(cpuWaste, memoryWaste, prices) * factor;
    cpu += cpuWaste;
    memory += memoryWaste;
  }
  return { cost, cpu, memory };
}

export function zombieFindings(
  input: FinOpsInput,
  zombies: ZombiePod[],
  prices: FinOpsPrices,
  factors: Map<string, number>,
  options: FinOpsOptions,
): Finding[] {
  const findings: Finding[] = [];
  for (const [resource, members] of byWorkload(zombies)) {
    const { cost, cpu, memory } = zombieWaste(
      members,
      prices,
      factors,
      options,
    );
    const first = members[0].pod;
    const idleDays = Math.min(...members.map(m => m.idleDays));
    const ratio = +(options.zombieCpuRatio * 100).toFixed(4);
    const idle = `idle for ${idleDays}+ days (CPU < ${ratio}% of request)`;
    const frees = `${amount(cpu)} vCPU and ${amount(memory)} GiB`;
    const replicas = input.pods.filter(
      p => p.namespace === first.namespace && p.owner === first.owner,
    ).length;
    const detail =
      first.owner === null
        ? `bare pod ${idle}; deleting it frees ${frees}`
        : `${members.length} of ${replicas} pods of ${first.owner} ${idle}; scaling down frees ${frees}`;
    findings.push({
      kind: 'zombie_pod',
      resource,
      entityRef: members.find(m => m.pod.entityRef)?.pod.entityRef ?? null,
      cost,
      action:
        first.owner === null
          ? ZOMBIE_BARE_POD_ACTION
          : FINOPS_ACTIONS.zombie_pod.action,
      // A scale-down keeps the busy pods.
      params:
        first.owner === null ? {} : { replicas: replicas - members.length },
      detail,
    });
  }
  return findings;
}

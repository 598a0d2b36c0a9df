import { amount, Finding, percent } from './finding';
import { FinOpsActionOptions, nodeAction } from './finopsActions';
import { isOverprovisioned, nodeShares } from './nodes';
import { computeMonthlyCost, nodeTypePrice } from './prices';
import type {
  FinOpsInput,
  FinOpsNodeInput,
  FinOpsOptions,
  FinOpsPrices,
} from './types';
import { wasted } from './waste';
import type { ZombiePod } from './zombies';

/**
 * The node without its zombie pods: they are already counted (and priced
 * at this node's rate) as zombie findings, so no dollar is counted twice.
 */
function withoutZombies(
  node: FinOpsNodeInput,
  onNode: ZombiePod[],
): FinOpsNodeInput {
  const sum = (pick: (z: ZombiePod) => number) =>
    onNode.reduce((total, z) => total + pick(z), 0);
  return {
    ...node,
    requestedCpu: Math.max(
      0,
      node.requestedCpu - sum(z => z.pod.cpuRequestCores),
    ),
    requestedMemoryGi: Math.max(
      0,
      node.requestedMemoryGi - sum(z => z.pod.memoryRequestGi),
    ),
    actualCpu: Math.max(0, node.actualCpu - sum(z => z.actualCpu)),
    actualMemoryGi: Math.max(
      0,
      node.actualMemoryGi - sum(z => z.actualMemoryGi),
    ),
  };
}

/** Requested and used shares, the waste, and which price it is at. */
function nodeDetail(
  node: FinOpsNodeInput,
  cpuWaste: number,
  memoryWaste: number,
  prices: FinOpsPrices,
): string {
  const shares = nodeShares(node);
  const priced =
    nodeTypePrice(node.nodeType, prices) === undefined
      ? 'list prices'
      : `${node.nodeType} price`;
  return [
    `${node.nodeType}: ${percent(shares.requestedCpu)} CPU and`,
    `${percent(shares.requestedMemory)} memory requested,`,
    `${percent(shares.actualCpu)} and ${percent(shares.actualMemory)} used;`,
    `${amount(cpuWaste)} vCPU and ${amount(memoryWaste)} GiB`,
    `above need at ${priced}`,
  ].join(' ');
}

export function nodeFindings(
  input: FinOpsInput,
  zombies: ZombiePod[],
  prices: FinOpsPrices,
  factors: Map<string, number>,
  options: FinOpsOptions,
  actions: FinOpsActionOptions,
): Finding[] {
  const findings: Finding[] = [];
  for (const node of input.nodes) {
    if (!isOverprovisioned(node, options)) continue;
    const onNode = zombies.filter(z => z.pod.nodeName === node.name);
    const rest = withoutZombies(node, onNode);
    const cpuWaste = wasted(
      rest.requestedCpu,
      rest.actualCpu,
      options.bufferFactor,
    );
    const memoryWaste = wasted(
      rest.requestedMemoryGi,
      rest.actualMemoryGi,
      options.bufferFactor,
    );
    const factor = factors.get(node.name) ?? 1;
    const detail = nodeDetail(node, cpuWaste, memoryWaste, prices);
    findings.push({
      kind: 'overprovisioned_node',
      resource: `node/${node.name}`,
      entityRef: null,
      cost: computeMonthlyCost(cpuWaste, memoryWaste, prices) * factor,
      action: nodeAction(actions).action,
      params: {},
      detail:
        onNode.length > 0
          ? `${detail}, ${onNode.length} zombie pod${
              onNode.length === 1 ? '' : 's'
            } counted separately`
          : detail,
    });
  }
  return findings;
}

import type {
  FinOpsKind,
  FinOpsRecommendation,
  FinOpsReport,
  RiskLevel,
} from '@awoooi/plugin-awoooi-common';
import { isOverprovisioned, nodeShares } from './nodes';
import { resolveFinOpsOptions } from './options';
import {
  DEFAULT_FINOPS_PRICES,
  computeMonthlyCost,
  nodePriceFactor,
  nodeTypePrice,
  roundMoney,
  storageMonthlyCost,
} from './prices';
import { finOpsRecommendationId } from './recommendationId';
import type {
  FinOpsInput,
  FinOpsNodeInput,
  FinOpsOptions,
  FinOpsPrices,
} from './types';
import { wasted } from './waste';
import { ZombiePod, findZombiePods } from './zombies';

/**
 * What each finding suggests and how risky that is:
 * - an orphaned PVC → `delete_pvc`, HIGH: deleting a volume loses its data for good;
 * - zombie pods of a Deployment → `scale_deployment`, MEDIUM: undone by scaling up;
 *   a zombie bare pod → `delete_pod`, MEDIUM: nothing recreates it, but it did nothing;
 * - an over-provisioned node → the configured node-resize action (a cloud-specific
 *   runbook), else `drain_node`, the step that empties it for a resize, HIGH:
 *   every workload on the node gets moved.
 * `realizable` says whether acting saves money by itself: deleting a volume or
 * resizing a node does; scaling pods down or draining a node only frees
 * capacity, which saves money once the cluster scales down.
 */
export const FINOPS_ACTIONS: Readonly<
  Record<FinOpsKind, { action: string; risk: RiskLevel; realizable: boolean }>
> = Object.freeze({
  orphaned_pvc: { action: 'delete_pvc', risk: 'HIGH', realizable: true },
  zombie_pod: { action: 'scale_deployment', risk: 'MEDIUM', realizable: false },
  overprovisioned_node: {
    action: 'drain_node',
    risk: 'HIGH',
    realizable: false,
  },
});

export const ZOMBIE_BARE_POD_ACTION = 'delete_pod';

/** Which actions can carry out the recommendations. */
export interface FinOpsActionOptions {
  /**
   * Action that resizes or removes a node: cloud-specific, so a configured
   * runbook offered through MCP or the runner. With it (and offered), a
   * node's savings are realizable; without it, they are freed by a drain.
   */
  nodeResizeAction?: string;
  /**
   * Actions the executors offer. A recommendation whose action is not among
   * them cannot be acted on, so it is never realizable. Undefined: not checked.
   */
  offeredActions?: readonly string[];
}

export interface FinOpsReportOptions
  extends Partial<FinOpsOptions>,
    FinOpsActionOptions {
  /** When the data was taken; the report carries it as it is. */
  generatedAt?: string | null;
}

const amount = (n: number) => n.toFixed(2);

/** A year of the savings that acting on the realizable recommendations brings. */
export function annualSavings(realizable: number): number {
  return roundMoney(realizable * 12);
}
const percent = (share: number) => `${Math.round(share * 100)}%`;
// Code-unit order, not the machine's locale: the same input sorts the same everywhere.
function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

interface Finding {
  kind: FinOpsKind;
  resource: string;
  entityRef: string | null;
  cost: number;
  action: string;
  params: Record<string, unknown>;
  detail: string;
}

function podKey(namespace: string, owner: string | null, name: string) {
  return owner === null
    ? `pod/${namespace}/${name}`
    : `deployment/${namespace}/${owner}`;
}

function orphanedPvcFindings(
  input: FinOpsInput,
  prices: FinOpsPrices,
): Finding[] {
  return input.pvcs
    .filter(pvc => !pvc.boundToPod)
    .map(pvc => ({
      kind: 'orphaned_pvc',
      resource: `pvc/${pvc.namespace}/${pvc.name}`,
      entityRef: pvc.entityRef ?? null,
      cost: storageMonthlyCost(pvc.storageGi, prices),
      action: FINOPS_ACTIONS.orphaned_pvc.action,
      params: {},
      detail: `${pvc.storageGi} GiB ${pvc.storageClass} volume bound to no pod`,
    }));
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

function zombieFindings(
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

/** The node-resize runbook when one is configured and offered, else a drain. */
function nodeAction(actions: FinOpsActionOptions): {
  action: string;
  realizable: boolean;
} {
  const resize = actions.nodeResizeAction;
  if (resize && isOffered(resize, actions)) {
    return { action: resize, realizable: true };
  }
  return {
    action: FINOPS_ACTIONS.overprovisioned_node.action,
    realizable: false,
  };
}

function isOffered(action: string, actions: FinOpsActionOptions): boolean {
  return actions.offeredActions?.includes(action) ?? true;
}

function isRealizable(f: Finding, actions: FinOpsActionOptions): boolean {
  const byKind =
    f.kind === 'overprovisioned_node'
      ? nodeAction(actions).realizable
      : FINOPS_ACTIONS[f.kind].realizable;
  return byKind && isOffered(f.action, actions);
}

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

function nodeFindings(
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

/**
 * The FinOps report of one cluster. Every finding is priced at what
 * it wastes after the safety buffer; PVCs at the storage price, CPU and memory
 * at the list prices scaled by the node's price factor (see nodePriceFactor)
 * when the node is known. Amounts are rounded to cents per recommendation, and
 * the totals add the rounded amounts, so the table always sums to the total.
 * Findings worth less than a cent a month are left out. The annual figure is
 * what the realizable fixes save in a year; freed capacity saves money only
 * after a scale-down nobody here can promise. Recommendations come
 * most expensive first (ties by kind, then resource, so the order is stable).
 */
export function buildFinOpsReport(
  input: FinOpsInput,
  prices: FinOpsPrices = DEFAULT_FINOPS_PRICES,
  options: FinOpsReportOptions = {},
): FinOpsReport {
  const resolved = resolveFinOpsOptions(options);
  const factors = new Map(
    input.nodes.map(n => [n.name, nodePriceFactor(n, prices)]),
  );
  const zombies = findZombiePods(input.pods, resolved);

  const findings = [
    ...orphanedPvcFindings(input, prices),
    ...zombieFindings(input, zombies, prices, factors, resolved),
    ...nodeFindings(input, zombies, prices, factors, resolved, options),
  ];

  const recommendations: FinOpsRecommendation[] = findings
    .map(f => ({
      id: finOpsRecommendationId(f.kind, input.cluster, f.resource),
      kind: f.kind,
      resource: f.resource,
      cluster: input.cluster,
      entityRef: f.entityRef,
      monthlyCost: roundMoney(f.cost),
      realizable: isRealizable(f, options),
      risk: FINOPS_ACTIONS[f.kind].risk,
      action: f.action,
      params: f.params,
      detail: f.detail,
      proposalId: null,
    }))
    .filter(r => r.monthlyCost > 0)
    .sort(
      (a, b) =>
        b.monthlyCost - a.monthlyCost ||
        byText(a.kind, b.kind) ||
        byText(a.resource, b.resource),
    );

  const total = (pick: (r: FinOpsRecommendation) => boolean) =>
    roundMoney(
      recommendations.filter(pick).reduce((s, r) => s + r.monthlyCost, 0),
    );
  const monthlyWaste = total(() => true);
  const realizable = total(r => r.realizable);

  return {
    scope: input.cluster,
    currency: prices.currency,
    monthlyWaste,
    realizable,
    freed: total(r => !r.realizable),
    annual: annualSavings(realizable),
    recommendations,
    history: [],
    generatedAt: options.generatedAt ?? null,
  };
}

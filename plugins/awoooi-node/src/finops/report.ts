import type {
  FinOpsRecommendation,
  FinOpsReport,
} from '@awoooi/plugin-awoooi-common';
import type { Finding } from './finding';
import {
  FINOPS_ACTIONS,
  FinOpsActionOptions,
  isRealizable,
} from './finopsActions';
import { nodeFindings } from './nodeFindings';
import { resolveFinOpsOptions } from './options';
import {
  DEFAULT_FINOPS_PRICES,
  nodePriceFactor,
  roundMoney,
  storageMonthlyCost,
} from './prices';
import { finOpsRecommendationId } from './recommendationId';
import type { FinOpsInput, FinOpsOptions, FinOpsPrices } from './types';
import { zombieFindings } from './zombieFindings';
import { findZombiePods } from './zombies';

export { FINOPS_ACTIONS, ZOMBIE_BARE_POD_ACTION } from './finopsActions';
export type { FinOpsActionOptions } from './finopsActions';

export interface FinOpsReportOptions
  extends Partial<FinOpsOptions>,
    FinOpsActionOptions {
  /** When the data was taken; the report carries it as it is. */
  generatedAt?: string | null;
}

/** A year of the savings that acting on the realizable recommendations brings. */
export function annualSavings(realizable: number): number {
  return roundMoney(realizable * 12);
}
// Code-unit order, not the machine's locale: the same input sorts the same everywhere.
function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
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

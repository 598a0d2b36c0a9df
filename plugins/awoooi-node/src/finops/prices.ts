import type { FinOpsPrices } from './types';

/** Hours in a billing month, as cloud providers bill them (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/**
 * Prices used when none are configured: US-dollar on-demand list prices of a
 * common public cloud region, rounded. vCPU and GiB-hour prices are the
 * general-purpose split (an m5.large, 2 vCPU + 8 GiB, ≈ 2 × 0.0316 + 8 × 0.0042
 * ≈ 0.096 an hour); storage is a general-purpose SSD volume.
 */
export const DEFAULT_FINOPS_PRICES: Readonly<FinOpsPrices> = Object.freeze({
  currency: 'USD',
  vcpuHour: 0.0316,
  gibHour: 0.0042,
  storageGibMonth: 0.1,
  nodeTypes: Object.freeze({
    'm5.large': 0.096,
    'm5.xlarge': 0.192,
    'm5.2xlarge': 0.384,
    'm5.4xlarge': 0.768,
    'c5.large': 0.085,
    'c5.xlarge': 0.17,
    'c5.2xlarge': 0.34,
    'r5.large': 0.126,
    'r5.xlarge': 0.252,
    'r5.2xlarge': 0.504,
  }) as Record<string, number>,
});

/** Cents, as money is shown; the epsilon keeps 0.125 from rounding down to 0.12. */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** Monthly list price of CPU and memory held for a whole month. */
export function computeMonthlyCost(
  cpuCores: number,
  memoryGi: number,
  prices: FinOpsPrices,
): number {
  return (
    (cpuCores * prices.vcpuHour + memoryGi * prices.gibHour) * HOURS_PER_MONTH
  );
}

/** Monthly price of persistent storage. */
export function storageMonthlyCost(gi: number, prices: FinOpsPrices): number {
  return gi * prices.storageGibMonth;
}

/** Hourly price of a node type, undefined when the table has none. */
export function nodeTypePrice(
  nodeType: string,
  prices: FinOpsPrices,
): number | undefined {
  return Object.prototype.hasOwnProperty.call(prices.nodeTypes, nodeType)
    ? prices.nodeTypes[nodeType]
    : undefined;
}

/**
 * How a node type's price compares with its capacity at list prices: a node's
 * price is a bundle, so a vCPU or GiB on it costs the list price times this
 * factor. 1 when the node type has no price (the list prices apply as they are).
 */
export function nodePriceFactor(
  node: {
    nodeType: string;
    allocatableCpu: number;
    allocatableMemoryGi: number;
  },
  prices: FinOpsPrices,
): number {
  const hourly = nodeTypePrice(node.nodeType, prices);
  const atListPrices =
    node.allocatableCpu * prices.vcpuHour +
    node.allocatableMemoryGi * prices.gibHour;
  if (hourly === undefined || !(atListPrices > 0)) return 1;
  return hourly / atListPrices;
}

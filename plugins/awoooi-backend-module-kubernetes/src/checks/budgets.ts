import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import { matchesSelector } from '../labels';
import { isPodReady } from './workloads';

/** An int-or-percent (`2`, `'50%'`) of `total`, percentages rounded up. */
export function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (percent) return Math.ceil((total * Number(percent[1])) / 100);
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Healthy pods a budget insists on, given how many pods it expects. */
export function desiredHealthy(
  budget: V1PodDisruptionBudget,
  expected: number,
): number {
  const min = resolveIntOrPercent(budget.spec?.minAvailable, expected);
  if (min !== undefined) return min;
  const maxUnavailable = resolveIntOrPercent(
    budget.spec?.maxUnavailable,
    expected,
  );
  return maxUnavailable !== undefined
    ? Math.max(0, expected - maxUnavailable)
    : 0;
}

export function describeBudget(budget: V1PodDisruptionBudget): string {
  const name = `${budget.metadata?.namespace}/${budget.metadata?.name}`;
  if (budget.spec?.minAvailable !== undefined) {
    return `PodDisruptionBudget ${name} (minAvailable ${budget.spec.minAvailable})`;
  }
  return `PodDisruptionBudget ${name} (maxUnavailable ${budget.spec?.maxUnavailable})`;
}

/** Budgets whose selector picks pods with these labels. */
export function budgetsSelecting(
  budgets: V1PodDisruptionBudget[],
  labels: Record<string, string> | undefined,
): V1PodDisruptionBudget[] {
  // A budget without a selector selects nothing in policy/v1.
  return budgets.filter(
    b =>
      b.spec?.selector !== undefined &&
      matchesSelector(b.spec.selector, labels),
  );
}

/** What the fingerprint keeps of a budget: identity and spec version. */
export function budgetState(budget: V1PodDisruptionBudget) {
  return {
    name: budget.metadata?.name,
    uid: budget.metadata?.uid,
    generation: budget.metadata?.generation,
    minAvailable: budget.spec?.minAvailable,
    maxUnavailable: budget.spec?.maxUnavailable,
  };
}

export interface BudgetVerdict {
  budget: V1PodDisruptionBudget;
  /** Healthy pods the budget selects now. */
  healthy: number;
  /** Healthy pods the budget would see during or after the action. */
  healthyAfter: number;
  /** Healthy pods the budget requires at that point. */
  required: number;
}

/**
 * Evaluates each budget: `lose(selected)` says how many of the budget's
 * healthy pods the action takes away, `expectedAfter(selected)` how many
 * pods the budget will expect once it is done.
 */
export function evaluateBudgets(
  budgets: V1PodDisruptionBudget[],
  pods: V1Pod[],
  lose: (selected: V1Pod[]) => number,
  expectedAfter: (selected: V1Pod[], budget: V1PodDisruptionBudget) => number,
): BudgetVerdict[] {
  return budgets.map(budget => {
    const selected = pods.filter(pod =>
      matchesSelector(budget.spec?.selector, pod.metadata?.labels),
    );
    const healthy = selected.filter(isPodReady).length;
    return {
      budget,
      healthy,
      healthyAfter: Math.max(0, healthy - lose(selected)),
      required: desiredHealthy(budget, expectedAfter(selected, budget)),
    };
  });
}

/** The `pdb` check from budget verdicts. */
export function budgetCheck(
  verdicts: BudgetVerdict[],
  noBudget: string,
  consequence: string,
): DryRunCheck {
  if (verdicts.length === 0) {
    return { name: 'pdb', outcome: 'pass', detail: noBudget };
  }
  // Only a loss of healthy pods can breach a budget; one already under it warns.
  const broken = verdicts.filter(
    v => v.healthyAfter < v.required && v.healthyAfter < v.healthy,
  );
  const under = verdicts.filter(v => v.healthy < v.required);
  const line = (v: BudgetVerdict) =>
    `${describeBudget(v.budget)}: ${v.healthy} healthy now, ${
      v.healthyAfter
    } ${consequence}, ${v.required} required`;
  if (broken.length > 0) {
    return {
      name: 'pdb',
      outcome: 'fail',
      detail: `would breach ${broken.map(line).join('; ')}`,
    };
  }
  if (under.length > 0) {
    return {
      name: 'pdb',
      outcome: 'warn',
      detail: `already under budget, and the action takes no healthy pod: ${under
        .map(line)
        .join('; ')}`,
    };
  }
  return {
    name: 'pdb',
    outcome: 'pass',
    detail: verdicts.map(line).join('; '),
  };
}

/** The `pdb` check of an action that takes no pod away, so no budget can object. */
export function evictsNoPod(detail: string): DryRunCheck {
  return { name: 'pdb', outcome: 'pass', detail };
}

import type { FinOpsKind } from '@awoooi/plugin-awoooi-common';

/** One finding before it is priced into a recommendation. */
export interface Finding {
  kind: FinOpsKind;
  resource: string;
  entityRef: string | null;
  cost: number;
  action: string;
  params: Record<string, unknown>;
  detail: string;
}

/** An amount of CPU or memory as the details write it. */
export const amount = (n: number) => n.toFixed(2);

/** A share as the details write it. */
export const percent = (share: number) => `${Math.round(share * 100)}%`;

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DryRunCheck, RiskLevel } from '@awoooi/plugin-awoooi-common';
import type { ExecutionOutcome } from '@awoooi/plugin-awoooi-node';
import type { z } from 'zod';
import type { AccessNeed } from '../checks/rbac';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import type { KubernetesTarget, TargetKind } from '../targets';

export interface ActionContext<P> {
  apis: KubernetesApis;
  /** The parsed target, its cluster resolved. */
  target: KubernetesTarget & { cluster: string };
  params: P;
  logger: LoggerService;
  signal?: AbortSignal;
  now: () => Date;
}

/** What an action found: `exists`, `pdb` and its own checks, and the state read. */
export interface Inspection {
  checks: DryRunCheck[];
  state: Record<string, unknown>;
}

/** One Kubernetes remediation: its contract, its checks and its effect. */
export interface KubernetesAction<P = any> {
  name: string;
  description: string;
  baseRisk: RiskLevel;
  paramsSchema: z.ZodType<P>;
  /** Target kinds it accepts. */
  targetKinds: TargetKind[];
  /** Permissions to confirm with SelfSubjectAccessReviews. */
  access(target: KubernetesTarget): AccessNeed[];
  inspect(context: ActionContext<P>): Promise<Inspection>;
  execute(context: ActionContext<P>): Promise<ExecutionOutcome>;
}

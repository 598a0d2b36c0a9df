import type {
  ActionRequest,
  AwoooiActionExecutor,
  AwoooiHealthProvider,
  ExecutionOutcome,
  HealthReport,
} from '@awoooi/plugin-awoooi-node';
import { z } from 'zod';

export const WORKLOAD_REF = 'component:default/worker';
export const WORKLOAD_TARGET = 'deployment/shop/worker';

/**
 * One Deployment as a cluster would hold it, behind the two extension
 * points a cluster module offers: an executor whose `scale_deployment`
 * (LOW here, so it runs without signatures) sets its replica count, and a
 * health source that reports it unhealthy while `unhealthy` is set.
 */
export class ScaledWorkload
  implements AwoooiActionExecutor, AwoooiHealthProvider
{
  readonly id = 'workload';
  replicas = 2;
  unhealthy: string[] = ['0/2 pods ready'];

  async listActions() {
    return [
      {
        name: 'scale_deployment',
        description: 'Sets the replica count',
        baseRisk: 'LOW' as const,
        paramsSchema: z.object({ replicas: z.number().int() }).strict(),
      },
    ];
  }

  async dryRun() {
    return {
      checks: [{ name: 'exists', outcome: 'pass' as const, detail: 'found' }],
      state: { workload: { replicas: this.replicas } },
    };
  }

  async execute(request: ActionRequest): Promise<ExecutionOutcome> {
    this.replicas = Number(request.params.replicas);
    return { ok: true, detail: `scaled to ${this.replicas}` };
  }

  async unhealthyEntities(): Promise<HealthReport> {
    return new Map(
      this.unhealthy.length ? [[WORKLOAD_REF, this.unhealthy]] : [],
    );
  }
}

import type {
  AwoooiHealthProvider,
  HealthReport,
} from '@awoooi/plugin-awoooi-node';
import type { CapacityStore } from '../store/CapacityStore';

/**
 * Entities on hosts with an open capacity violation are unhealthy for the
 * topology analysis; the evidence line says which host, metric and value.
 */
export class CapacityHealthProvider implements AwoooiHealthProvider {
  readonly id = 'awoooi-capacity';

  constructor(private readonly store: CapacityStore) {}

  async unhealthyEntities(): Promise<HealthReport> {
    const report: HealthReport = new Map();
    for (const v of await this.store.violations({ open: true, limit: 1000 })) {
      const metric = v.metric === 'cpu' ? 'CPU' : 'memory';
      const line = `capacity: ${metric} ${v.value}% on ${v.instance} (${v.server}) is over the hard threshold ${v.threshold}% since ${v.detectedAt}`;
      for (const ref of v.entityRefs)
        report.set(ref, [...(report.get(ref) ?? []), line]);
    }
    return report;
  }
}

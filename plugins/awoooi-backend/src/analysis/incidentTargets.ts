import type { Entity } from '@backstage/catalog-model';
import type { Remediation } from '@awoooi/plugin-awoooi-common';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';

/**
 * What the executors act on for each entity of an incident: for every
 * offered action, the target its executor maps from the entity (Kubernetes
 * annotations → `deployment/<ns>/<name>`, an MCP server → `mcp:<server>`).
 */
export class IncidentTargets {
  private constructor(
    private readonly byEntity: Map<string, Map<string, string>>,
  ) {}

  /** The targets of `entityRefs` (the alerting entity, root causes, blast radius). */
  static async of(
    entityRefs: Iterable<string>,
    entityOf: (ref: string) => Promise<Entity | undefined>,
    executors: ExecutorRegistry,
  ): Promise<IncidentTargets> {
    const byEntity = new Map<string, Map<string, string>>();
    for (const ref of new Set(entityRefs)) {
      const entity = await entityOf(ref);
      const byAction = new Map<string, string>();
      for (const { name } of executors.list()) {
        const target = executors.targetFor(name, entity);
        if (target) byAction.set(name, target);
      }
      byEntity.set(ref, byAction);
    }
    return new IncidentTargets(byEntity);
  }

  /** The executor target of `action` on the entity; undefined when it can't act on it. */
  targetFor(action: string, entityRef: string): string | undefined {
    return this.byEntity.get(entityRef)?.get(action);
  }

  /** Every entity with the distinct targets its executors act on (what a brain may name). */
  list(): Array<{ entityRef: string; targets: string[] }> {
    return [...this.byEntity].map(([entityRef, byAction]) => ({
      entityRef,
      targets: [...new Set(byAction.values())],
    }));
  }

  /**
   * Whether the remediation acts on a workload of its own entity, and that
   * entity is part of the incident: whatever proposed it (runbook, model,
   * MCP tool), text in an alert must not move an action elsewhere.
   */
  binds(r: Pick<Remediation, 'target' | 'entityRef'>): boolean {
    const byAction = this.byEntity.get(r.entityRef);
    return !!byAction && [...byAction.values()].includes(r.target);
  }
}

import type { Entity } from '@backstage/catalog-model';
import type {
  ActionDefinition,
  AwoooiActionExecutor,
} from '@internal/plugin-awoooi-node';

/** The executors modules registered, and the actions they offer. */
export class ExecutorRegistry {
  private readonly executors: AwoooiActionExecutor[] = [];
  private actions = new Map<string, { definition: ActionDefinition; executor: AwoooiActionExecutor }>();

  add(executor: AwoooiActionExecutor) {
    if (this.executors.some(e => e.id === executor.id)) {
      throw new Error(`An AWOOOI executor with id '${executor.id}' is already registered`);
    }
    this.executors.push(executor);
  }

  /** Reads every executor's actions; call at start-up and when they may have changed. */
  async reload(): Promise<void> {
    const next = new Map<string, { definition: ActionDefinition; executor: AwoooiActionExecutor }>();
    for (const executor of this.executors) {
      for (const definition of await executor.listActions()) {
        if (!next.has(definition.name)) next.set(definition.name, { definition, executor });
      }
    }
    this.actions = next;
  }

  get(action: string) {
    return this.actions.get(action);
  }

  list(): ActionDefinition[] {
    return [...this.actions.values()].map(a => a.definition);
  }

  targetFor(action: string, entity: Entity | undefined): string | undefined {
    if (!entity) return undefined;
    return this.actions.get(action)?.executor.targetFor?.(action, entity);
  }
}

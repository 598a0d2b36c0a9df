import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  ActionDefinition,
  AwoooiActionExecutor,
} from '@awoooi/plugin-awoooi-node';

/** The executors modules registered, and the actions they offer. */
export class ExecutorRegistry {
  private readonly executors: AwoooiActionExecutor[] = [];
  private actions = new Map<
    string,
    { definition: ActionDefinition; executor: AwoooiActionExecutor }
  >();

  add(executor: AwoooiActionExecutor) {
    if (this.executors.some(e => e.id === executor.id)) {
      throw new Error(
        `An AWOOOI executor with id '${executor.id}' is already registered`,
      );
    }
    this.executors.push(executor);
  }

  /**
   * Reads every executor's actions; call at start-up and when they may have
   * changed. An executor that can't answer (an MCP server down) keeps the
   * actions it had and is logged, never blocking the others.
   */
  async reload(logger?: LoggerService): Promise<void> {
    const next = new Map<
      string,
      { definition: ActionDefinition; executor: AwoooiActionExecutor }
    >();
    for (const executor of this.executors) {
      let definitions: ActionDefinition[];
      try {
        definitions = await executor.listActions();
      } catch (error) {
        logger?.warn(
          `Executor ${executor.id} could not list its actions: ${
            (error as Error).message
          }`,
        );
        definitions = [...this.actions.values()]
          .filter(a => a.executor === executor)
          .map(a => a.definition);
      }
      for (const definition of definitions) {
        if (!next.has(definition.name))
          next.set(definition.name, { definition, executor });
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

import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Services } from './createServices';
import type { PluginDeps } from './deps';

interface Task {
  id: string;
  /** `global`: one instance at a time; `local`: every instance keeps its own state. */
  scope: 'global' | 'local';
  schedule: SchedulerServiceTaskScheduleDefinition;
  fn: () => Promise<void>;
}

const everyMinute = (initialSeconds: number) => ({
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: initialSeconds },
});

/** Work one instance at a time does for all. */
function globalTasks(s: Services): Task[] {
  return [
    {
      id: 'awoooi-analysis-queue',
      scope: 'global',
      schedule: s.settings.queueSchedule,
      fn: async () => {
        await s.queue.drain();
        const open = await s.incidents.listIncidents({
          state: 'open',
          limit: 500,
        });
        s.metrics.incidentsOpen.set(open.length);
      },
    },
    {
      id: 'awoooi-proposal-expiry',
      scope: 'global',
      schedule: everyMinute(10),
      fn: () => s.proposals.expireDue().then(() => undefined),
    },
    // An execution whose instance crashed or hangs ends FAILED or UNKNOWN,
    // which releases the fix for the incident.
    {
      id: 'awoooi-execution-reconcile',
      scope: 'global',
      schedule: everyMinute(30),
      fn: () => s.proposals.reconcileStuckExecutions().then(() => undefined),
    },
    // Every executed fix is judged by what followed it; the outcome teaches
    // trust. One instance at a time; each window is decided once.
    {
      id: 'awoooi-verification',
      scope: 'global',
      schedule: s.settings.verificationSchedule,
      fn: () => s.verification.verifyDue().then(() => undefined),
    },
  ];
}

/** Work each instance does for its own state. */
function localTasks(deps: PluginDeps, s: Services): Task[] {
  return [
    // Executors' actions can change (an MCP server that was down at start
    // comes back, a tool is added); every instance keeps its own list.
    {
      id: 'awoooi-executors-reload',
      scope: 'local',
      schedule: {
        frequency: { minutes: 5 },
        timeout: { minutes: 2 },
        initialDelay: { minutes: 1 },
      },
      fn: () => s.ext.executors.reload(deps.logger).then(() => undefined),
    },
    // Every instance keeps its own cached graph, so this one runs locally.
    {
      id: 'awoooi-catalog-graph-refresh',
      scope: 'local',
      schedule: s.settings.graphRefreshSchedule,
      fn: async () => {
        const { changed, removed } = await s.graph.refresh();
        if (changed || removed) await s.ingestor.remapUnmapped();
      },
    },
  ];
}

/** The backend's scheduled work, each task with why it runs where it does. */
function tasks(deps: PluginDeps, s: Services): Task[] {
  return [...globalTasks(s), ...localTasks(deps, s)];
}

export async function scheduleTasks(deps: PluginDeps, s: Services) {
  for (const task of tasks(deps, s)) {
    await deps.scheduler.scheduleTask({
      id: task.id,
      scope: task.scope,
      ...task.schedule,
      fn: task.fn,
    });
  }
}

/**
 * The brain's step of an analysis: the deterministic analysis always runs,
 * so an incident gets an answer when no model is configured or the model
 * fails; a configured model then refines it from Privacy-Shield output only.
 */
import { BrainInput, deterministicAnalysis } from '@awoooi/plugin-awoooi-node';
import type {
  AnalysisDeps,
  BrainOutputLike,
  Run,
  Shielded,
  Topology,
} from './analysisRun';
import type { IncidentTargets } from './incidentTargets';

type BrainDeps = Pick<
  AnalysisDeps,
  'settings' | 'executors' | 'metrics' | 'brains'
>;

/** The deterministic brain always; a configured model may refine it. */
export async function think(
  deps: BrainDeps,
  run: Run,
  shielded: Shielded,
  topology: Topology,
  targets: IncidentTargets,
): Promise<{ output: BrainOutputLike; brainId: string }> {
  const { settings, executors } = deps;
  const baseline = deterministicAnalysis({
    incident: { ...run.incident, groupKey: shielded.groupKey },
    rootCauses: topology.rootCauses,
    blastRadius: topology.blastRadius,
    costPerHour: topology.costPerHour,
    currency: settings.currency,
    maxDepth: settings.maxDepth,
    entitiesWalked: topology.entitiesWalked,
    runbooks: settings.runbooks,
    actionRisk: action => executors.get(action)?.definition.baseRisk,
    targetFor: (action, ref) => targets.targetFor(action, ref),
  });
  const answer = await askModel(
    deps,
    run,
    shielded,
    topology,
    targets,
    baseline,
  );
  for (const note of answer.output.notes ?? [])
    await run.reasoning.step(note, 'note');
  return answer;
}

/** A configured model's answer, or the baseline with a note saying why not. */
async function askModel(
  deps: BrainDeps,
  { incident, reasoning }: Run,
  shielded: Shielded,
  topology: Topology,
  targets: IncidentTargets,
  baseline: BrainOutputLike,
): Promise<{ output: BrainOutputLike; brainId: string }> {
  const { settings, executors, metrics } = deps;
  if (settings.brainProvider === 'deterministic')
    return { output: baseline, brainId: 'deterministic' };
  const brain = deps.brains.get(settings.brainProvider);
  if (!brain) {
    const note = `brain '${settings.brainProvider}' is not installed; deterministic analysis used`;
    return {
      output: { ...baseline, notes: [note] },
      brainId: 'deterministic',
    };
  }
  await reasoning.step(
    `Asking the ${brain.id} model (it sees Privacy-Shield output only)…`,
  );
  const input: BrainInput = {
    incident: {
      id: incident.id,
      entityRef: incident.entityRef,
      title: shielded.title,
      severity: incident.severity,
    },
    alerts: shielded.alerts,
    rootCauses: topology.rootCauses,
    blastRadius: topology.blastRadius,
    costPerHour: topology.costPerHour,
    availableActions: executors.list().map(a => ({
      name: a.name,
      description: a.description,
      risk: a.baseRisk,
    })),
    targets: targets.list(),
    baseline,
  };
  metrics.llmCalls.inc({ provider: brain.id });
  let output: BrainOutputLike;
  try {
    output = await brain.analyze(input, { onToken: t => reasoning.token(t) });
  } catch (error) {
    const note = `${brain.id}: ${
      (error as Error).message
    }; deterministic analysis used`;
    output = { ...baseline, notes: [note] };
  }
  await reasoning.settle();
  if (output.notes?.length) metrics.llmFailures.inc({ provider: brain.id });
  const brainId = output.notes?.length ? `${brain.id} (fallback)` : brain.id;
  return { output, brainId };
}

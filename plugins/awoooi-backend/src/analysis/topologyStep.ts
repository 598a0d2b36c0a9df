/**
 * The topology steps of an analysis: the walk of the cached catalog graph
 * that ranks root causes and the blast radius, and the workloads where
 * remediations of the incident may act.
 */
import type { Incident } from '@awoooi/plugin-awoooi-common';
import { analyzeTopology } from '@awoooi/plugin-awoooi-node';
import type { AnalysisDeps, Run, Shielded, Topology } from './analysisRun';
import { IncidentTargets } from './incidentTargets';

/** Topology analysis on the cached catalog graph, with metric evidence. */
export async function walkTopology(
  deps: Pick<AnalysisDeps, 'graph' | 'settings' | 'metricEvidence'>,
  { incident, reasoning }: Run,
  health: Shielded['health'],
) {
  const { graph, settings } = deps;
  const evidence = await deps.metricEvidence?.gather(
    incident.entityRef,
    settings.maxDepth,
    new Date(incident.openedAt),
  );
  if (evidence?.line)
    await reasoning.step(evidence.line.text, evidence.line.kind);
  const topology = analyzeTopology(await graph.getGraph(), {
    target: incident.entityRef,
    health,
    maxDepth: settings.maxDepth,
    metrics: evidence?.metrics,
  });
  await reasoning.step(
    `Walked ${topology.entitiesWalked} catalog entities (max depth ${settings.maxDepth}): ` +
      `${topology.rootCauses.length} unhealthy, ${topology.blastRadius.length} upstream in the blast radius.`,
  );
  for (const c of topology.rootCauses) {
    await reasoning.step(
      `#${c.rank} ${c.entityRef} [${c.priority}] distance ${c.distance}${
        c.symptom ? ' (symptom)' : ''
      }: ${c.path.join(' → ')}`,
    );
  }
  return topology;
}

/** Where actions may run: the workloads of the incident's entities. */
export function targetsOf(
  deps: Pick<AnalysisDeps, 'graph' | 'executors'>,
  incident: Incident,
  topology: Topology,
) {
  return IncidentTargets.of(
    [
      incident.entityRef,
      ...topology.rootCauses.map(c => c.entityRef),
      ...topology.blastRadius.map(b => b.entityRef),
    ],
    ref => deps.graph.getEntity(ref),
    deps.executors,
  );
}

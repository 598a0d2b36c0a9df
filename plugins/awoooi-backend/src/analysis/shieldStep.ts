/**
 * The first steps of an analysis: the terminal announces the incident, then
 * the Privacy Shield runs over its alerts and the health of its
 * neighbourhood, so nothing after it sees a raw value.
 */
import { entitiesBelow } from '@awoooi/plugin-awoooi-node';
import type { AnalysisDeps, Run } from './analysisRun';
import {
  collectHealth,
  redactGroupKey,
  shieldIncident,
} from './shieldIncident';

/** The terminal speaks at once; health sources may take a while. */
export async function announce(
  deps: Pick<AnalysisDeps, 'vault'>,
  { incident, reasoning, escalated }: Run,
) {
  const groupKey = await deps.vault.withScope(incident.id, scope =>
    redactGroupKey(scope, incident),
  );
  await reasoning.step(
    `${
      escalated
        ? 'Re-analysing (escalated, or new evidence below it)'
        : 'Analysing'
    } incident ${groupKey} on ${incident.entityRef} (${incident.severity}).`,
  );
}

/**
 * Privacy Shield over alerts and every health source (Kubernetes,
 * scanners): nothing after this sees a raw value.
 */
export async function shield(
  deps: Pick<
    AnalysisDeps,
    'incidents' | 'graph' | 'vault' | 'healthProviders' | 'settings'
  >,
  run: Run,
) {
  const { incidents, graph, vault } = deps;
  const rawAlerts = await incidents.listAlerts(run.incident.id);
  const near = await neighbourhood(deps, run.incident.entityRef);
  const rawHealth = await incidents.firingByEntity([...near]);
  const unavailable = await collectHealth(
    deps.healthProviders,
    await graph.getIndex(),
    rawHealth,
    near,
  );
  const shielded = await shieldIncident(vault, run.incident, {
    alerts: rawAlerts,
    health: rawHealth,
    unavailable,
  });
  const { redactions } = shielded;
  await run.reasoning.step(
    `Privacy Shield: ${rawAlerts.length} alert${
      rawAlerts.length === 1 ? '' : 's'
    } redacted; ${redactions} new value${
      redactions === 1 ? '' : 's'
    } pseudonymised for this incident.`,
  );
  for (const line of shielded.unavailable)
    await run.reasoning.step(line, 'note');
  return shielded;
}

/**
 * The entities whose health the topology analysis reads: the target and
 * its dependencies within maxDepth (candidates are judged among
 * themselves). Reading only these keeps an analysis from redacting the
 * evidence of every firing alert in the catalog during a storm.
 */
async function neighbourhood(
  deps: Pick<AnalysisDeps, 'graph' | 'settings'>,
  target: string,
): Promise<Set<string>> {
  const graph = await deps.graph.getGraph();
  if (!graph.has(target)) return new Set([target]);
  return new Set(entitiesBelow(graph, target, deps.settings.maxDepth));
}

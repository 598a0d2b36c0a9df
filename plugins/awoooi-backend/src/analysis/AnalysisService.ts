import {
  entityIncidentsChannel,
  type IncidentAnalysis,
} from '@awoooi/plugin-awoooi-common';
import type { AnalysisDeps, Run, Shielded } from './analysisRun';
import { bindToIncident } from './bindRemediations';
import { think } from './brainStep';
import { Reasoning } from './Reasoning';
import { announce, shield } from './shieldStep';
import { targetsOf, walkTopology } from './topologyStep';

export type { AnalysisSettings } from './analysisRun';

/** Called once an analysis is stored; the approval pipeline turns remediations into proposals. */
export type AnalysisListener = (
  analysis: IncidentAnalysis,
  context: { reasoning: Reasoning; escalated: boolean },
) => Promise<void>;

/**
 * One incident's analysis: Privacy Shield over its alerts, topology analysis
 * on the cached catalog graph, the brain's narrative and remediations, all
 * streamed to the thinking terminal and stored.
 */
export class AnalysisService {
  private readonly listeners: AnalysisListener[] = [];

  constructor(private readonly deps: AnalysisDeps) {}

  onAnalysisStored(listener: AnalysisListener) {
    this.listeners.push(listener);
  }

  /** Analyses a claimed incident; false when the claim was lost to another worker. */
  async analyze(incidentId: string, claimVersion: number): Promise<boolean> {
    const started = process.hrtime.bigint();
    const incident = await this.deps.incidents.getIncident(incidentId);
    if (!incident) return false;
    const run: Run = {
      incident,
      reasoning: new Reasoning(
        incidentId,
        this.deps.analyses,
        this.deps.signals,
      ),
      escalated: (await this.deps.analyses.getAnalysis(incidentId)) !== null,
    };
    await announce(this.deps, run);
    const shielded = await shield(this.deps, run);
    const topology = await walkTopology(this.deps, run, shielded.health);
    const targets = await targetsOf(this.deps, incident, topology);
    const answer = await think(this.deps, run, shielded, topology, targets);
    const analysis: IncidentAnalysis = {
      incidentId,
      brain: answer.brainId,
      narrative: answer.output.narrative,
      rootCauses: topology.rootCauses,
      blastRadius: topology.blastRadius,
      costPerHour: topology.costPerHour,
      currency: this.deps.settings.currency,
      entitiesWalked: topology.entitiesWalked,
      remediations: await bindToIncident(
        this.deps,
        incident,
        answer.output.remediations,
        targets,
        { reasoning: run.reasoning, brainId: answer.brainId },
      ),
      notes: answer.output.notes ?? [],
      createdAt: new Date().toISOString(),
    };
    if (!(await this.store(run, analysis, shielded, claimVersion)))
      return false;
    await this.tell(run, analysis);
    this.deps.metrics.analysisSeconds.observe(
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    return true;
  }

  /**
   * Stored only while the claim holds: a stale or re-queued run stores
   * nothing. False when the claim was lost.
   */
  private async store(
    { incident }: Run,
    analysis: IncidentAnalysis,
    shielded: Shielded,
    claimVersion: number,
  ): Promise<boolean> {
    const { incidents, analyses, queue } = this.deps;
    const stillOurs = await queue.finishAnalysis(
      incident.id,
      claimVersion,
      {
        state: 'done',
        title: shielded.title,
        costPerHour: analysis.costPerHour,
      },
      trx => analyses.saveAnalysis(analysis, trx),
    );
    if (stillOurs && shielded.groupKey !== incident.groupKey)
      await incidents.relabelGroupKey(
        incident.id,
        incident.groupKey,
        shielded.groupKey,
      );
    return stillOurs;
  }

  /** Open tabs refresh, the op log records it, listeners act, the terminal ends. */
  private async tell(run: Run, analysis: IncidentAnalysis) {
    const { incident, reasoning, escalated } = run;
    await this.deps.signals.publish({
      recipients: { type: 'broadcast' },
      channel: entityIncidentsChannel(incident.entityRef),
      message: { type: 'incidents', entityRef: incident.entityRef },
    });
    await this.deps.operationLog.append({
      opType: 'incident_analyzed',
      actor: `brain:${analysis.brain}`,
      entityRef: incident.entityRef,
      incidentId: incident.id,
      details: {
        rootCauses: analysis.rootCauses.map(c => c.entityRef),
        blastRadius: analysis.blastRadius.length,
        costPerHour: analysis.costPerHour,
        // What validation dropped from the brain's answer, and why.
        notes: analysis.notes,
      },
    });
    for (const listener of this.listeners)
      await listener(analysis, { reasoning, escalated });
    const causes = analysis.rootCauses;
    await reasoning.step(
      causes.length
        ? `Done: root cause ${
            causes.find(c => !c.symptom)?.entityRef ?? causes[0].entityRef
          }.`
        : 'Done: no unhealthy entity found in the graph.',
      'done',
    );
  }
}

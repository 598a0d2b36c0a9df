import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  entityIncidentsChannel,
  type Incident,
  type IncidentAnalysis,
  type Remediation,
} from '@awoooi/plugin-awoooi-common';
import {
  analyzeTopology,
  AwoooiBrain,
  AwoooiHealthProvider,
  BrainInput,
  deterministicAnalysis,
  entitiesBelow,
  Runbook,
} from '@awoooi/plugin-awoooi-node';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { AnalysisQueueStore } from '../database/AnalysisQueueStore';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import type { AwoooiMetrics } from '../service/metrics';
import { IncidentTargets } from './incidentTargets';
import { Reasoning } from './Reasoning';
import {
  collectHealth,
  redactGroupKey,
  shieldIncident,
} from './shieldIncident';
import type { MetricEvidenceStep } from './metricEvidenceStep';

export interface AnalysisSettings {
  maxDepth: number;
  currency: string;
  runbooks: Runbook[];
  brainProvider: string;
}

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
/** One analysis run's incident, terminal and what the shield produced. */
interface Run {
  incident: Incident;
  reasoning: Reasoning;
  /** An analysis existed already: this one was asked for again. */
  escalated: boolean;
}

type Shielded = Awaited<ReturnType<typeof shieldIncident>>;
type Topology = ReturnType<typeof analyzeTopology>;
interface BrainOutputLike {
  narrative: string;
  remediations: Remediation[];
  notes?: string[];
}

export class AnalysisService {
  private readonly listeners: AnalysisListener[] = [];

  constructor(
    private readonly deps: {
      incidents: IncidentStore;
      queue: AnalysisQueueStore;
      analyses: AnalysisStore;
      vault: PrivacyVault;
      graph: CatalogGraphCache;
      executors: ExecutorRegistry;
      brains: Map<string, AwoooiBrain>;
      healthProviders: AwoooiHealthProvider[];
      operationLog: OperationLogStore;
      signals: SignalsService;
      logger: LoggerService;
      metrics: AwoooiMetrics;
      settings: AnalysisSettings;
      metricEvidence?: MetricEvidenceStep;
    },
  ) {}

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
    await this.announce(run);
    const shielded = await this.shield(run);
    const topology = await this.walkTopology(run, shielded.health);
    const targets = await this.targetsOf(incident, topology);
    const answer = await this.think(run, shielded, topology, targets);
    const analysis: IncidentAnalysis = {
      incidentId,
      brain: answer.brainId,
      narrative: answer.output.narrative,
      rootCauses: topology.rootCauses,
      blastRadius: topology.blastRadius,
      costPerHour: topology.costPerHour,
      currency: this.deps.settings.currency,
      entitiesWalked: topology.entitiesWalked,
      remediations: await this.bindToIncident(
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

  /** The terminal speaks at once; health sources may take a while. */
  private async announce({ incident, reasoning, escalated }: Run) {
    const groupKey = await this.deps.vault.withScope(incident.id, scope =>
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
  private async shield(run: Run) {
    const { incidents, graph, vault } = this.deps;
    const rawAlerts = await incidents.listAlerts(run.incident.id);
    const near = await this.neighbourhood(run.incident.entityRef);
    const rawHealth = await incidents.firingByEntity([...near]);
    const unavailable = await collectHealth(
      this.deps.healthProviders,
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
  private async neighbourhood(target: string): Promise<Set<string>> {
    const graph = await this.deps.graph.getGraph();
    if (!graph.has(target)) return new Set([target]);
    return new Set(entitiesBelow(graph, target, this.deps.settings.maxDepth));
  }

  /** Topology analysis on the cached catalog graph, with metric evidence. */
  private async walkTopology(
    { incident, reasoning }: Run,
    health: Shielded['health'],
  ) {
    const { graph, settings } = this.deps;
    const evidence = await this.deps.metricEvidence?.gather(
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
  private targetsOf(incident: Incident, topology: Topology) {
    return IncidentTargets.of(
      [
        incident.entityRef,
        ...topology.rootCauses.map(c => c.entityRef),
        ...topology.blastRadius.map(b => b.entityRef),
      ],
      ref => this.deps.graph.getEntity(ref),
      this.deps.executors,
    );
  }

  /** The deterministic brain always; a configured model may refine it. */
  private async think(
    run: Run,
    shielded: Shielded,
    topology: Topology,
    targets: IncidentTargets,
  ): Promise<{ output: BrainOutputLike; brainId: string }> {
    const { settings, executors } = this.deps;
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
    const answer = await this.askModel(
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
  private async askModel(
    { incident, reasoning }: Run,
    shielded: Shielded,
    topology: Topology,
    targets: IncidentTargets,
    baseline: BrainOutputLike,
  ): Promise<{ output: BrainOutputLike; brainId: string }> {
    const { settings, executors, metrics } = this.deps;
    if (settings.brainProvider === 'deterministic')
      return { output: baseline, brainId: 'deterministic' };
    const brain = this.deps.brains.get(settings.brainProvider);
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

  /**
   * Keeps the remediations that act on a workload of their own entity in the
   * incident; any other is dropped, said in the transcript and logged.
   */
  private async bindToIncident(
    incident: Incident,
    proposed: Remediation[],
    targets: IncidentTargets,
    context: { reasoning: Reasoning; brainId: string },
  ): Promise<Remediation[]> {
    const kept: Remediation[] = [];
    for (const r of proposed) {
      if (targets.binds(r)) {
        kept.push(r);
        continue;
      }
      await context.reasoning.step(
        `Dropped ${r.action} on ${r.target}: not a workload of ${r.entityRef} in this incident.`,
        'note',
      );
      await this.deps.operationLog.append({
        opType: 'remediation_dropped',
        actor: `brain:${context.brainId}`,
        entityRef: incident.entityRef,
        incidentId: incident.id,
        details: {
          action: r.action,
          target: r.target,
          entityRef: r.entityRef,
          reason: 'target is not a workload of an entity in the incident',
        },
      });
    }
    return kept;
  }
}

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
  Runbook,
} from '@awoooi/plugin-awoooi-node';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { AnalysisQueueStore } from '../database/AnalysisQueueStore';
import type { OperationLogStore } from '../database/OperationLogStore';
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
    const { incidents, analyses, vault, graph, settings, metrics } = this.deps;
    const started = process.hrtime.bigint();
    const incident = await incidents.getIncident(incidentId);
    if (!incident) return false;
    const reasoning = new Reasoning(incidentId, analyses, this.deps.signals);
    const escalated = (await analyses.getAnalysis(incidentId)) !== null;

    // The terminal speaks at once; health sources may take a while.
    await reasoning.step(
      `${
        escalated
          ? 'Re-analysing (escalated, or new evidence below it)'
          : 'Analysing'
      } incident ${await vault.withScope(incidentId, scope =>
        redactGroupKey(scope, incident),
      )} on ${incident.entityRef} (${incident.severity}).`,
    );

    // 1. Privacy Shield over alerts and every health source (Kubernetes,
    //    scanners): nothing below sees a raw value.
    const rawAlerts = await incidents.listAlerts(incidentId);
    const rawHealth = await incidents.firingByEntity();
    const index = await graph.getIndex();
    const unavailable = await collectHealth(
      this.deps.healthProviders,
      index,
      rawHealth,
    );
    const { alerts, title, health, redactions, ...shielded } =
      await shieldIncident(vault, incident, {
        alerts: rawAlerts,
        health: rawHealth,
        unavailable,
      });
    await reasoning.step(
      `Privacy Shield: ${rawAlerts.length} alert${
        rawAlerts.length === 1 ? '' : 's'
      } redacted; ${redactions} new value${
        redactions === 1 ? '' : 's'
      } pseudonymised for this incident.`,
    );
    for (const line of shielded.unavailable) await reasoning.step(line, 'note');

    // 2. Topology analysis on the cached catalog graph, with metric evidence.
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

    // 3. Brains: deterministic always; a configured model may refine it.
    const targets = await IncidentTargets.of(
      [
        incident.entityRef,
        ...topology.rootCauses.map(c => c.entityRef),
        ...topology.blastRadius.map(b => b.entityRef),
      ],
      ref => graph.getEntity(ref),
      this.deps.executors,
    );
    const baseline = deterministicAnalysis({
      incident: { ...incident, groupKey: shielded.groupKey },
      rootCauses: topology.rootCauses,
      blastRadius: topology.blastRadius,
      costPerHour: topology.costPerHour,
      currency: settings.currency,
      maxDepth: settings.maxDepth,
      entitiesWalked: topology.entitiesWalked,
      runbooks: settings.runbooks,
      actionRisk: action =>
        this.deps.executors.get(action)?.definition.baseRisk,
      targetFor: (action, ref) => targets.targetFor(action, ref),
    });
    let output: {
      narrative: string;
      remediations: Remediation[];
      notes?: string[];
    } = baseline;
    let brainId = 'deterministic';
    const brain = this.deps.brains.get(settings.brainProvider);
    if (settings.brainProvider !== 'deterministic') {
      if (!brain) {
        output = {
          ...baseline,
          notes: [
            `brain '${settings.brainProvider}' is not installed; deterministic analysis used`,
          ],
        };
      } else {
        await reasoning.step(
          `Asking the ${brain.id} model (it sees Privacy-Shield output only)…`,
        );
        const input: BrainInput = {
          incident: {
            id: incidentId,
            entityRef: incident.entityRef,
            title,
            severity: incident.severity,
          },
          alerts,
          rootCauses: topology.rootCauses,
          blastRadius: topology.blastRadius,
          costPerHour: topology.costPerHour,
          availableActions: this.deps.executors.list().map(a => ({
            name: a.name,
            description: a.description,
            risk: a.baseRisk,
          })),
          targets: targets.list(),
          baseline,
        };
        metrics.llmCalls.inc({ provider: brain.id });
        try {
          output = await brain.analyze(input, {
            onToken: t => reasoning.token(t),
          });
        } catch (error) {
          output = {
            ...baseline,
            notes: [
              `${brain.id}: ${
                (error as Error).message
              }; deterministic analysis used`,
            ],
          };
        }
        await reasoning.settle();
        if (output.notes?.length)
          metrics.llmFailures.inc({ provider: brain.id });
        brainId = output.notes?.length ? `${brain.id} (fallback)` : brain.id;
      }
    }
    for (const note of output.notes ?? []) await reasoning.step(note, 'note');
    const remediations = await this.bindToIncident(
      incident,
      output.remediations,
      targets,
      { reasoning, brainId },
    );

    const analysis: IncidentAnalysis = {
      incidentId,
      brain: brainId,
      narrative: output.narrative,
      rootCauses: topology.rootCauses,
      blastRadius: topology.blastRadius,
      costPerHour: topology.costPerHour,
      currency: settings.currency,
      entitiesWalked: topology.entitiesWalked,
      remediations,
      notes: output.notes ?? [],
      createdAt: new Date().toISOString(),
    };
    // Stored only while the claim holds: a stale or re-queued run stores nothing.
    const stillOurs = await this.deps.queue.finishAnalysis(
      incidentId,
      claimVersion,
      { state: 'done', title, costPerHour: topology.costPerHour },
      trx => analyses.saveAnalysis(analysis, trx),
    );
    if (stillOurs && shielded.groupKey !== incident.groupKey)
      await incidents.relabelGroupKey(
        incidentId,
        incident.groupKey,
        shielded.groupKey,
      );
    if (!stillOurs) return false;
    await this.deps.signals.publish({
      recipients: { type: 'broadcast' },
      channel: entityIncidentsChannel(incident.entityRef),
      message: { type: 'incidents', entityRef: incident.entityRef },
    });
    await this.deps.operationLog.append({
      opType: 'incident_analyzed',
      actor: `brain:${brainId}`,
      entityRef: incident.entityRef,
      incidentId,
      details: {
        rootCauses: topology.rootCauses.map(c => c.entityRef),
        blastRadius: topology.blastRadius.length,
        costPerHour: topology.costPerHour,
        // What validation dropped from the brain's answer, and why.
        notes: output.notes ?? [],
      },
    });
    for (const listener of this.listeners)
      await listener(analysis, { reasoning, escalated });
    await reasoning.step(
      topology.rootCauses.length
        ? `Done: root cause ${
            topology.rootCauses.find(c => !c.symptom)?.entityRef ??
            topology.rootCauses[0].entityRef
          }.`
        : 'Done: no unhealthy entity found in the graph.',
      'done',
    );
    metrics.analysisSeconds.observe(
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    return true;
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

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type {
  PatternTrust,
  Proposal,
  VerificationOutcome,
} from '@awoooi/plugin-awoooi-common';
import type {
  AlertEntityIndex,
  AwoooiHealthProvider,
} from '@awoooi/plugin-awoooi-node';
import { withShield } from '../actions/shield';
import { collectHealth } from '../analysis/shieldIncident';
import type { ProposalService } from '../approval/ProposalService';
import { publishProposalChange } from '../approval/publishProposalChange';
import type { IncidentStore } from '../database/IncidentStore';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import type { ProposalStore } from '../database/ProposalStore';
import type { OpenVerification } from '../database/VerificationStore';
import type { IncidentNotifier } from '../notify/IncidentNotifier';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import type { MetricEvidenceStep } from '../analysis/metricEvidenceStep';
import type { AnalysisStore } from '../database/AnalysisStore';
import { checkAnomalies } from './anomalyCheck';
import { judgeOutcome, Observation, Verdict } from './judgeOutcome';
import { rollbackProposal } from './rollback';

const OUTCOME_NOTICES = {
  VERIFIED: { word: 'Verified', kind: 'proposal.verified' },
  INEFFECTIVE: { word: 'Ineffective', kind: 'proposal.ineffective' },
  REGRESSED: { word: 'Regressed', kind: 'proposal.regressed' },
} as const;

export interface VerificationDeps {
  store: ProposalStore;
  incidents: IncidentStore;
  analyses: AnalysisStore;
  /** Judges the target's metric signals since the fix; absent without metrics. */
  metricEvidence?: Pick<MetricEvidenceStep, 'assessSince'>;
  operationLog: OperationLogStore;
  vault: PrivacyVault;
  healthProviders: AwoooiHealthProvider[];
  /** Maps health-report keys (workloads) to entity refs. */
  entityIndex: () => Promise<AlertEntityIndex>;
  proposals: Pick<ProposalService, 'propose'>;
  notifier: IncidentNotifier;
  signals: SignalsService;
  logger: LoggerService;
}

/**
 * Watches every executed fix through its verification window and decides
 * its one outcome: VERIFIED, INEFFECTIVE or REGRESSED. The outcome teaches
 * the pattern's trust, and a regression proposes the rollback where the
 * action has an inverse. Runs as a scheduled task on any instance; a window
 * decided by another instance meanwhile is left alone.
 */
export class VerificationService {
  constructor(private readonly deps: VerificationDeps) {}

  /** Checks every open window once; returns how many it decided. */
  async verifyDue(now = new Date()): Promise<number> {
    let decided = 0;
    for (const open of await this.deps.store.verifications.listOpen()) {
      try {
        if (await this.check(open, now)) decided++;
      } catch (error) {
        this.deps.logger.warn(
          `Verification of proposal ${open.proposalId} failed this time: ${
            (error as Error).message
          }`,
        );
      }
    }
    return decided;
  }

  private async check(open: OpenVerification, now: Date): Promise<boolean> {
    const proposal = await this.deps.store.get(open.proposalId);
    if (!proposal) return false;
    const verdict = await this.shield(
      proposal,
      judgeOutcome(await this.observe(proposal, open, now)),
    );
    if (!verdict.outcome) {
      await this.deps.store.verifications.noteCheck(
        proposal.id,
        verdict.detail,
      );
      return false;
    }
    return this.conclude(proposal, verdict.outcome, verdict.detail);
  }

  private async observe(
    proposal: Proposal,
    open: OpenVerification,
    now: Date,
  ): Promise<Observation> {
    const { incidents, store } = this.deps;
    let incidentFiring = 0;
    for (const id of await store.incidentsOf(proposal)) {
      incidentFiring += (await incidents.getIncident(id))?.firingAlerts ?? 0;
    }
    const scope = [
      proposal.entityRef,
      ...proposal.blastRadius.map(b => b.entityRef),
    ];
    const newAlerts = await incidents.firingSince(scope, open.executedAt);
    return {
      now,
      deadline: new Date(open.deadline),
      targetUnhealthy: await this.unhealthyEvidence(proposal.entityRef),
      incidentFiring,
      newAlerts: newAlerts.map(a => `${a.title} on ${a.entityRef}`),
      anomalies: await checkAnomalies(this.deps, proposal, open.executedAt),
    };
  }

  /** Why the entity is unhealthy now; null when no health source answered. */
  private async unhealthyEvidence(entityRef: string): Promise<string[] | null> {
    const { healthProviders } = this.deps;
    const health = new Map<string, string[]>();
    const unavailable = await collectHealth(
      healthProviders,
      await this.deps.entityIndex(),
      health,
    );
    if (
      healthProviders.length > 0 &&
      unavailable.length === healthProviders.length
    )
      return null;
    return health.get(entityRef) ?? [];
  }

  /** Health lines are raw (pod names, addresses): the detail is stored shielded. */
  private async shield(proposal: Proposal, verdict: Verdict): Promise<Verdict> {
    const detail = await withShield(
      this.deps.vault,
      proposal.incidentId,
      s => s.redact(verdict.detail).text,
    );
    return { ...verdict, detail };
  }

  /**
   * Decides the window and teaches the pattern in one transaction; false
   * when another verifier decided first (then this one does nothing).
   */
  private async conclude(
    proposal: Proposal,
    outcome: VerificationOutcome,
    detail: string,
  ): Promise<boolean> {
    const { store } = this.deps;
    const trust = await store.transaction(async trx => {
      if (
        !(await store.verifications.decide(proposal.id, outcome, detail, trx))
      )
        return undefined;
      return store.trust.apply(proposal.pattern, proposal.baseRisk, outcome, {
        ranAutomatically: proposal.required.count === 0,
        db: trx,
      });
    });
    if (!trust) return false;
    await this.record(proposal, outcome, detail, trust);
    if (outcome === 'REGRESSED') await this.proposeRollback(proposal);
    await this.notify(proposal, outcome, detail);
    await publishProposalChange(this.deps.signals, proposal);
    return true;
  }

  /** The owner hears whether the fix worked; a fix that did not is urgent. */
  private async notify(
    proposal: Proposal,
    outcome: VerificationOutcome,
    detail: string,
  ) {
    const { word, kind } = OUTCOME_NOTICES[outcome];
    await this.deps.notifier.send({
      kind,
      title: `${word}: ${proposal.title}`,
      description: `${proposal.action} on ${proposal.target}: ${detail}`,
      entityRef: proposal.entityRef,
      severity: outcome === 'VERIFIED' ? 'normal' : 'high',
      incidentId: proposal.incidentId ?? undefined,
      proposalId: proposal.id,
    });
  }

  private async record(
    proposal: Proposal,
    outcome: VerificationOutcome,
    detail: string,
    trust: PatternTrust,
  ) {
    const base = {
      actor: 'verifier',
      entityRef: proposal.entityRef,
      incidentId: proposal.incidentId,
      proposalId: proposal.id,
    };
    await this.deps.operationLog.append([
      { ...base, opType: 'verification', details: { outcome, detail } },
      {
        ...base,
        opType: 'trust_changed',
        details: {
          pattern: proposal.pattern,
          score: trust.score,
          lastOutcome: trust.lastOutcome,
          autoSuspended: trust.autoSuspended,
        },
      },
    ]);
  }

  private async proposeRollback(proposal: Proposal) {
    const input = rollbackProposal(proposal);
    if (!input) return;
    const rollback = await this.deps.proposals.propose(input);
    await this.deps.store.verifications.setRollback(proposal.id, rollback.id);
    await this.deps.operationLog.append({
      opType: 'rollback_proposed',
      actor: 'verifier',
      entityRef: proposal.entityRef,
      incidentId: proposal.incidentId,
      proposalId: proposal.id,
      details: { rollbackProposalId: rollback.id, action: input.action },
    });
  }
}

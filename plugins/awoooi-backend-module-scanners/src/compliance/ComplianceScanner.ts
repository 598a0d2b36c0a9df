import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  COMPLIANCE_DIMENSIONS,
  ComplianceDimension,
  ComplianceStatus,
} from '@awoooi/plugin-awoooi-common';
import type { AwoooiClusterSource, KubeKind } from '@awoooi/plugin-awoooi-node';
import type { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import {
  catalogAsset,
  isComplianceSubject,
  kubeAssets,
  WORKLOAD_KINDS,
} from '../assets/assetModel';
import { loadScanInputs } from '../kube/scanInputs';
import type { ComplianceSettings } from '../settings';
import type { ComplianceStore, SubjectResult } from '../store/ComplianceStore';
import type { EvidenceStore } from '../store/EvidenceStore';
import {
  appendLog,
  SCANNER_ACTOR,
  ScanContext,
  ScanOutcome,
  Scanner,
  sourcesError,
} from '../types';
import { checkAuditLog } from './checks/auditLog';
import { checkEncryption } from './checks/encryption';
import { checkEvidence } from './checks/evidenceCheck';
import { checkSecretRotated } from './checks/secretRotated';
import { cachedProber, checkSslCert, TlsProber } from './checks/sslCert';
import { probeAllowedTls } from './checks/allowedTlsProbe';
import { parseEndpoint } from './checks/tlsProbe';
import type { CheckResult } from './checks/types';
import { complianceScore } from './score';
import { gatherSubjectFacts, SubjectFacts } from './subjectFacts';

export const COMPLIANCE_KUBE_KINDS: KubeKind[] = [
  ...WORKLOAD_KINDS,
  'persistentvolumeclaims',
  'secrets',
  'storageclasses',
];

/**
 * Daily compliance scan: every active asset (catalog Components,
 * Resources, Systems, and workloads no entity claims) gets all seven
 * dimensions checked against real sources, a weighted score and a history.
 */
export class ComplianceScanner implements Scanner {
  readonly id = 'compliance' as const;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      clusterSources: AwoooiClusterSource[];
      evidence: EvidenceStore;
      store: ComplianceStore;
      operationLog: OperationLogStore;
      settings: ComplianceSettings;
    },
  ) {}

  private async checks(f: SubjectFacts, probe: TlsProber, now: Date) {
    const age = this.deps.settings.evidenceMaxAgeMs;
    const results: Record<ComplianceDimension, CheckResult> = {
      secret_rotated: checkSecretRotated(
        f,
        now,
        this.deps.settings.secretMaxAgeMs,
      ),
      ssl_cert_valid: await checkSslCert(f, probe, now, age.ssl_cert_valid),
      cve_scan: checkEvidence(f, 'cve_scan', now, age.cve_scan),
      backup_tested: checkEvidence(f, 'backup_tested', now, age.backup_tested),
      audit_log_enabled: checkAuditLog(f, now, age.audit_log_enabled),
      access_reviewed: checkEvidence(
        f,
        'access_reviewed',
        now,
        age.access_reviewed,
      ),
      encryption_at_rest: checkEncryption(f, now, age.encryption_at_rest),
    };
    return results;
  }

  async run({ runId, signal, now }: ScanContext): Promise<ScanOutcome> {
    const loaded = await this.loadSubjectFacts(signal);
    if ('failed' in loaded) return loaded.failed;
    const prober = this.countingTlsProber(now);
    const checkedAt = now.toISOString();
    const { results, tally, byDimension } = await this.checkSubjects(
      loaded.facts,
      prober.probe,
      now,
      checkedAt,
      signal,
    );
    signal.throwIfAborted();
    const previous = await this.deps.store.latestScores();
    await this.deps.store.write(runId, checkedAt, results);

    const { scored, changed } = await this.logScores(
      runId,
      results,
      byDimension,
      previous,
    );
    return {
      counts: {
        subjects: results.length,
        scored: scored.length,
        changed: changed.length,
        endpointsProbed: prober.probes(),
        ...tally,
      },
    };
  }

  /**
   * The facts of every subject: catalog assets and the workloads no entity
   * claims. Fails (as the scan's outcome) when a cluster cannot be read.
   */
  private async loadSubjectFacts(
    signal: AbortSignal,
  ): Promise<{ facts: SubjectFacts[] } | { failed: ScanOutcome }> {
    const inputs = await loadScanInputs(
      this.deps,
      COMPLIANCE_KUBE_KINDS,
      signal,
    );
    const { entities, snapshots, failures, index } = inputs;
    if (failures.length) {
      // Without a cluster, secret and volume checks would be wrong: keep the last snapshot.
      return {
        failed: {
          counts: { clustersFailed: failures.length },
          error: sourcesError(failures.map(f => f.error)),
        },
      };
    }
    const subjects = [
      ...entities.map(catalogAsset),
      ...snapshots
        .flatMap(s => kubeAssets(s, index))
        .filter(isComplianceSubject),
    ];
    return {
      facts: await gatherSubjectFacts(subjects, inputs, this.deps.evidence),
    };
  }

  /** Probes each allowed endpoint once per scan, counting the probes. */
  private countingTlsProber(now: Date) {
    const { settings } = this.deps;
    let probes = 0;
    const probe = cachedProber(endpoint => {
      probes++;
      return probeAllowedTls(
        parseEndpoint(endpoint)!,
        settings.allowedEndpoints,
        {
          now,
          warningMs: settings.certificateWarningMs,
          timeoutMs: settings.tlsTimeoutMs,
          extraCa: settings.tlsCa,
        },
      );
    });
    return { probe, probes: () => probes };
  }

  /** All dimensions of every subject, scored, with the status counts. */
  private async checkSubjects(
    facts: SubjectFacts[],
    probe: TlsProber,
    now: Date,
    checkedAt: string,
    signal: AbortSignal,
  ) {
    const results: SubjectResult[] = [];
    const tally = emptyTally();
    const byDimension: Record<string, Record<ComplianceStatus, number>> = {};
    for (const f of facts) {
      signal.throwIfAborted();
      const checks = await this.checks(f, probe, now);
      const list = COMPLIANCE_DIMENSIONS.map(d => ({
        dimension: d,
        ...checks[d],
        checkedAt,
      }));
      for (const c of list) {
        tally[c.status]++;
        byDimension[c.dimension] ??= emptyTally();
        byDimension[c.dimension][c.status]++;
      }
      results.push({
        assetId: f.asset.id,
        entityRef: f.asset.entityRef,
        ownerRef: f.asset.ownerRef,
        checks: list,
        score: complianceScore(list, this.deps.settings.weights),
      });
    }
    return { results, tally, byDimension };
  }

  /** The coverage entry of the run, and one entry per changed score. */
  private async logScores(
    runId: number,
    results: SubjectResult[],
    byDimension: Record<string, Record<ComplianceStatus, number>>,
    previous: Map<string, number | null>,
  ) {
    const changed = results.filter(
      r => previous.has(r.assetId) && previous.get(r.assetId) !== r.score,
    );
    const scored = results.filter(r => r.score !== null);
    const mean = scored.length
      ? Math.round(scored.reduce((s, r) => s + r.score!, 0) / scored.length)
      : null;
    await appendLog(this.deps.operationLog, [
      {
        opType: 'coverage_recalculated',
        actor: SCANNER_ACTOR('compliance'),
        details: {
          runId,
          subjects: results.length,
          scored: scored.length,
          meanScore: mean,
          byDimension,
        },
      },
      ...changed.map(r => ({
        opType: 'compliance_score_changed',
        actor: SCANNER_ACTOR('compliance'),
        entityRef: r.entityRef,
        details: {
          runId,
          assetId: r.assetId,
          from: previous.get(r.assetId) ?? null,
          to: r.score,
        },
      })),
    ]);
    return { scored, changed };
  }
}

function emptyTally(): Record<ComplianceStatus, number> {
  return { pass: 0, warning: 0, fail: 0, unknown: 0 };
}

import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { COMPLIANCE_DIMENSIONS } from '@awoooi/plugin-awoooi-common';
import type { AwoooiClusterSource } from '@awoooi/plugin-awoooi-node';
import type {
  OperationLogInput,
  OperationLogStore,
} from '@awoooi/plugin-awoooi-node';
import { coverageOf } from '../compliance/coverage';
import { gatherSubjectFacts } from '../compliance/subjectFacts';
import { sha256Hex, stableStringify } from '@awoooi/plugin-awoooi-node';
import { loadScanInputs } from '../kube/scanInputs';
import type {
  AssetDiff,
  AssetStore,
  CoverageRow,
  DiscoveryRun,
} from '../store/AssetStore';
import type { EvidenceStore } from '../store/EvidenceStore';
import {
  appendLog,
  SCANNER_ACTOR,
  ScanContext,
  ScanOutcome,
  Scanner,
  sourcesError,
} from '../types';
import {
  Asset,
  ASSET_KUBE_KINDS,
  catalogAsset,
  isComplianceSubject,
  kubeAssets,
  kubeOrigin,
} from './assetModel';

function fingerprint(a: Asset): string {
  const { id: _id, origin: _origin, ...content } = a;
  return sha256Hex(stableStringify(content));
}

/** Compares what a source reports now with what the inventory has from it. */
export function diffAssets(
  current: Asset[],
  known: Map<string, { fingerprint: string; status: string }>,
): AssetDiff {
  const diff: AssetDiff = { insert: [], update: [], touch: [], gone: [] };
  const seen = new Set<string>();
  for (const asset of current) {
    if (seen.has(asset.id)) continue;
    seen.add(asset.id);
    const withPrint = { ...asset, fingerprint: fingerprint(asset) };
    const before = known.get(asset.id);
    if (!before) diff.insert.push(withPrint);
    else if (
      before.status !== 'active' ||
      before.fingerprint !== withPrint.fingerprint
    )
      diff.update.push(withPrint);
    else diff.touch.push(asset.id);
  }
  for (const [id, before] of known) {
    if (before.status === 'active' && !seen.has(id)) diff.gone.push(id);
  }
  return diff;
}

/** The covered share of each dimension over the active compliance subjects. */
export function coverageSnapshot(
  coverages: Array<Asset['coverage']>,
): CoverageRow[] {
  return COMPLIANCE_DIMENSIONS.map(dimension => {
    const bySource: Record<string, number> = {};
    let covered = 0;
    for (const coverage of coverages) {
      const sources = coverage[dimension] ?? [];
      if (sources.length) covered++;
      for (const s of sources) bySource[s] = (bySource[s] ?? 0) + 1;
    }
    return { dimension, covered, total: coverages.length, bySource };
  });
}

/**
 * Hourly asset scan: Components, Resources and Systems from the
 * catalog; workloads, nodes, claims and secrets from every cluster; what is
 * new, changed and gone per source; which compliance dimensions each asset
 * has a source for.
 */
export class AssetScanner implements Scanner {
  readonly id = 'assets' as const;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      clusterSources: AwoooiClusterSource[];
      store: AssetStore;
      evidence: EvidenceStore;
      operationLog: OperationLogStore;
    },
  ) {}

  async run({ runId, signal, now }: ScanContext): Promise<ScanOutcome> {
    const at = now.toISOString();
    const { bySource, failures } = await this.discover(signal);
    const counts = {
      found: 0,
      new: 0,
      changed: 0,
      gone: 0,
      sources: bySource.size,
      sourcesFailed: failures.length,
    };
    const runs: DiscoveryRun[] = failures.map(f => ({
      runId,
      origin: kubeOrigin(f.cluster),
      status: 'failed',
      found: 0,
      new: 0,
      changed: 0,
      gone: 0,
      error: f.error,
      at,
    }));
    for (const [origin, assets] of bySource) {
      signal.throwIfAborted();
      const done = await this.applySource(runId, at, origin, assets);
      runs.push(done);
      counts.found += done.found;
      counts.new += done.new;
      counts.changed += done.changed;
      counts.gone += done.gone;
    }
    await this.deps.store.addDiscoveryRuns(runs);
    const coverage = coverageSnapshot(await this.deps.store.activeCoverage());
    await this.deps.store.addCoverage(runId, at, coverage);
    return {
      counts: { ...counts, subjects: coverage[0]?.total ?? 0 },
      error: sourcesError(failures.map(f => f.error)),
    };
  }

  /**
   * The assets of every source (the catalog, each cluster that answered),
   * the compliance subjects among them marked with their coverage.
   */
  private async discover(signal: AbortSignal) {
    // The catalog is the backbone: without it nothing is compared or marked gone.
    const inputs = await loadScanInputs(
      this.deps,
      [...ASSET_KUBE_KINDS, 'storageclasses'],
      signal,
    );
    const { entities, snapshots, failures, index } = inputs;
    const bySource = new Map<string, Asset[]>([
      ['catalog', entities.map(catalogAsset)],
    ]);
    for (const s of snapshots)
      bySource.set(kubeOrigin(s.cluster), kubeAssets(s, index));

    const subjects = [...bySource.values()].flat().filter(isComplianceSubject);
    const facts = await gatherSubjectFacts(
      subjects,
      inputs,
      this.deps.evidence,
    );
    for (const f of facts) f.asset.coverage = coverageOf(f);
    return { bySource, failures };
  }

  /** Stores what changed in one source, logs what came and went, and sums it up. */
  private async applySource(
    runId: number,
    at: string,
    origin: string,
    assets: Asset[],
  ): Promise<DiscoveryRun> {
    const known = await this.deps.store.known(origin);
    const diff = diffAssets(assets, known);
    await this.deps.store.apply(runId, at, diff);
    const returned = diff.update.filter(
      a => known.get(a.id)?.status !== 'active',
    );
    const added = [...diff.insert, ...returned];
    const log: OperationLogInput[] = [
      ...added.map(a => ({
        opType: 'asset_discovered',
        actor: SCANNER_ACTOR('assets'),
        entityRef: a.entityRef,
        details: {
          runId,
          assetId: a.id,
          kind: a.kind,
          origin,
          ...(known.has(a.id) ? { returned: true } : {}),
        },
      })),
      ...diff.gone.map(id => ({
        opType: 'asset_gone',
        actor: SCANNER_ACTOR('assets'),
        details: { runId, assetId: id, origin },
      })),
    ];
    await appendLog(this.deps.operationLog, log);
    return {
      runId,
      origin,
      status: 'ok',
      found: assets.length,
      new: added.length,
      changed: diff.update.length - returned.length,
      gone: diff.gone.length,
      error: null,
      at,
    };
  }
}

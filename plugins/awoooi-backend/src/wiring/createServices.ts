import { awoooiPermissions } from '@awoooi/plugin-awoooi-common';
import { readRoleMapping } from '@awoooi/plugin-awoooi-node';
import type { Knex } from 'knex';
import { AnalysisQueue } from '../analysis/AnalysisQueue';
import { AnalysisService } from '../analysis/AnalysisService';
import {
  MetricEvidenceStep,
  readMetricsSettings,
} from '../analysis/metricEvidenceStep';
import { requeueUpstream } from '../analysis/requeueUpstream';
import { ProposalService } from '../approval/ProposalService';
import { proposeRemediations } from '../approval/proposeRemediations';
import { readCacheSettings, withCache } from '../cache';
import { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import { assertProductionSecrets, readSettings } from '../config';
import { AlertIngestStore } from '../database/AlertIngestStore';
import { AnalysisQueueStore } from '../database/AnalysisQueueStore';
import { AnalysisStore } from '../database/AnalysisStore';
import { DatabaseIncidentStore } from '../database/IncidentStore';
import { openDatabase } from '../database/migrate';
import { OperationLogStore } from '@awoooi/plugin-awoooi-node';
import { PrivacyStore } from '../database/PrivacyStore';
import { ProposalStore } from '../database/ProposalStore';
import { AlertIngestor } from '../ingest/AlertIngestor';
import { IncidentNotifier } from '../notify/IncidentNotifier';
import { notifyOwnersOnAnalysis } from '../notify/notifyOwnersOnAnalysis';
import { MappingCipher } from '../privacy/encryption';
import { PrivacyVault } from '../privacy/PrivacyVault';
import { Access } from '../service/access';
import { createMetrics } from '../service/metrics';
import { RequiredConfig } from '../service/requiredConfig';
import { VerificationService } from '../verification/VerificationService';
import type { PluginDeps } from './deps';
import type { Extensions } from './extensionPoints';

export type Settings = ReturnType<typeof readSettings>;
export type Services = Awaited<ReturnType<typeof createServices>>;

/**
 * Reads the configuration and builds every store and service of the
 * backend, wired to each other; nothing is scheduled or mounted yet.
 */
export async function createServices(deps: PluginDeps, ext: Extensions) {
  const settings = readSettings(deps.config);
  assertProductionSecrets(settings);
  const db = await openDatabase(deps.database);
  deps.permissionsRegistry.addPermissions(awoooiPermissions);
  await ext.executors.reload(deps.logger);
  const core = createCore(deps, ext, settings, db);
  // A scanner module reads the metrics sources behind the same cache.
  ext.scanners.metricsSources.push(...core.shared.metricsSources);
  const approval = createApproval(deps, ext, settings, core);
  const analysis = createAnalysis(deps, ext, settings, core, approval);
  const access = createAccess(deps, settings);
  return { settings, ext, ...core, ...approval, ...analysis, access };
}

/** Stores, the privacy vault, the catalog graph and the notifier. */
function createCore(
  deps: PluginDeps,
  ext: Extensions,
  settings: Settings,
  db: Knex,
) {
  return {
    // What is worth sharing across instances goes through the cache service.
    shared: withCache(readCacheSettings(deps.config), deps.cache, {
      metricsSources: ext.metricsSources,
      brains: ext.brains,
    }),
    metrics: createMetrics(),
    incidents: DatabaseIncidentStore.create(db),
    alertStore: AlertIngestStore.create(db, settings.correlation),
    analysisQueue: AnalysisQueueStore.create(db),
    analyses: AnalysisStore.create(db),
    operationLog: OperationLogStore.create(db),
    proposalStore: ProposalStore.create(db, settings.approval.trustThresholds),
    vault: new PrivacyVault(
      PrivacyStore.create(db),
      settings.privacyKey ? new MappingCipher(settings.privacyKey) : undefined,
    ),
    graph: new CatalogGraphCache(deps.catalog, deps.auth, deps.logger),
    notifier: new IncidentNotifier(
      deps.notifications,
      ext.notifiers,
      settings.appBaseUrl,
      deps.logger,
    ),
  };
}

type Core = ReturnType<typeof createCore>;

/** Proposals (dry-run, signatures, execution) and the verification of fixes. */
function createApproval(
  deps: PluginDeps,
  ext: Extensions,
  settings: Settings,
  core: Core,
) {
  const proposals = new ProposalService({
    store: core.proposalStore,
    executors: ext.executors,
    vault: core.vault,
    operationLog: core.operationLog,
    notifier: core.notifier,
    signals: deps.signals,
    logger: deps.logger,
    settings: settings.approval,
  });
  const metricEvidence = new MetricEvidenceStep({
    sources: ext.metricsSources,
    graph: core.graph,
    settings: readMetricsSettings(deps.config),
  });
  const verification = new VerificationService({
    store: core.proposalStore,
    incidents: core.incidents,
    analyses: core.analyses,
    metricEvidence,
    operationLog: core.operationLog,
    vault: core.vault,
    healthProviders: ext.healthProviders,
    entityIndex: () => core.graph.getIndex(),
    proposals,
    notifier: core.notifier,
    signals: deps.signals,
    logger: deps.logger,
  });
  return { proposals, metricEvidence, verification };
}

/**
 * The analysis, its queue, what follows a stored analysis (owners told,
 * remediations proposed, upstream incidents re-queued) and the ingestor.
 */
function createAnalysis(
  deps: PluginDeps,
  ext: Extensions,
  settings: Settings,
  core: Core,
  approval: ReturnType<typeof createApproval>,
) {
  const analysis = new AnalysisService({
    incidents: core.incidents,
    queue: core.analysisQueue,
    analyses: core.analyses,
    vault: core.vault,
    graph: core.graph,
    executors: ext.executors,
    brains: core.shared.brains,
    healthProviders: ext.healthProviders,
    operationLog: core.operationLog,
    signals: deps.signals,
    logger: deps.logger,
    metrics: core.metrics,
    settings: settings.analysis,
    metricEvidence: approval.metricEvidence,
  });
  const queue = new AnalysisQueue(
    core.analysisQueue,
    analysis,
    deps.logger,
    settings.queue,
  );
  analysis.onAnalysisStored(
    notifyOwnersOnAnalysis(core.incidents, core.notifier),
  );
  // Remediations become proposals: dry-run now, signatures by risk and trust.
  analysis.onAnalysisStored(proposeRemediations(approval.proposals));
  // Upstream incidents learn about causes that alerted after them.
  analysis.onAnalysisStored(
    requeueUpstream(core.incidents, core.analysisQueue, core.analyses, () =>
      queue.kick(),
    ),
  );
  const ingestor = new AlertIngestor({
    incidents: core.incidents,
    alerts: core.alertStore,
    vault: core.vault,
    graph: core.graph,
    operationLog: core.operationLog,
    notifier: core.notifier,
    metrics: core.metrics,
    signals: deps.signals,
    onStored: () => queue.kick(),
  });
  return { analysis, queue, ingestor };
}

/** Who may do what: identity, permissions, roles, the ingest secret. */
function createAccess(deps: PluginDeps, settings: Settings) {
  const roles = readRoleMapping(deps.config);
  const required = RequiredConfig.check(
    {
      roles: Object.values(roles).some(refs => refs.length > 0),
      ingestSecret: Boolean(settings.ingestSecret),
      privacyKey: Boolean(settings.privacyKey),
    },
    deps.logger,
  );
  return new Access({
    httpAuth: deps.httpAuth,
    userInfo: deps.userInfo,
    permissions: deps.permissions,
    auth: deps.auth,
    catalog: deps.catalog,
    roles,
    required,
    ingestSecret: settings.ingestSecret,
    ingestServices: settings.ingestServices,
  });
}

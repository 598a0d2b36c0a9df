import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { awoooiPermissions } from '@awoooi/plugin-awoooi-common';
import {
  AwoooiBrain,
  AwoooiHealthProvider,
  AwoooiNotifier,
  AwoooiClusterSource,
  AwoooiMetricsSource,
  awoooiSourcesExtensionPoint,
  awoooiBrainsExtensionPoint,
  awoooiExecutorsExtensionPoint,
  awoooiHealthExtensionPoint,
  awoooiNotifiersExtensionPoint,
  PrivacyScope,
  readRoleMapping,
} from '@awoooi/plugin-awoooi-node';
import { registerAwoooiActions } from './actions';
import { AnalysisQueue } from './analysis/AnalysisQueue';
import { AnalysisService } from './analysis/AnalysisService';
import {
  MetricEvidenceStep,
  readMetricsSettings,
} from './analysis/metricEvidenceStep';
import { requeueUpstream } from './analysis/requeueUpstream';
import { CatalogGraphCache } from './catalog/CatalogGraphCache';
import { assertProductionSecrets, readSettings } from './config';
import { AnalysisStore } from './database/AnalysisStore';
import { IncidentStore } from './database/IncidentStore';
import { AlertIngestStore } from './database/AlertIngestStore';
import { AnalysisQueueStore } from './database/AnalysisQueueStore';
import { openDatabase } from './database/migrate';
import { OperationLogStore } from './database/OperationLogStore';
import { PrivacyStore } from './database/PrivacyStore';
import { ExecutorRegistry } from './execution/ExecutorRegistry';
import { AlertIngestor, IngestSource } from './ingest/AlertIngestor';
import { INGEST_TOPICS } from './ingest/topics';
import { IncidentNotifier } from './notify/IncidentNotifier';
import { MappingCipher } from './privacy/encryption';
import { PrivacyVault } from './privacy/PrivacyVault';
import { ProposalStore } from './database/ProposalStore';
import { ProposalService } from './approval/ProposalService';
import { registerProposalRoutes } from './approval/routes';
import { proposeRemediations } from './approval/proposeRemediations';
import { notifyOwnersOnAnalysis } from './notify/notifyOwnersOnAnalysis';
import { registerFinOpsProposalRoute } from './approval/finopsProposals';
import { setupScanners } from './scans';
import { registerReportRoutes } from './report/routes';
import { registerOutcomesRoute } from './outcomes/outcomesOverview';
import { VerificationService } from './verification/VerificationService';
import { readCacheSettings, withCache } from './cache';
import { Access } from './service/access';
import { createMetrics } from './service/metrics';
import { createRouter } from './service/router';
import { RequiredConfig } from './service/requiredConfig';

/**
 * AWOOOI backend plugin: alerts in → incidents → topology analysis on the
 * live catalog → live reasoning → notifications.
 */
export const awoooiPlugin = createBackendPlugin({
  pluginId: 'awoooi',
  register(env) {
    const brains = new Map<string, AwoooiBrain>();
    const executors = new ExecutorRegistry();
    const notifiers: AwoooiNotifier[] = [];
    const healthProviders: AwoooiHealthProvider[] = [];
    const metricsSources: AwoooiMetricsSource[] = [];
    const clusterSources: AwoooiClusterSource[] = [];
    env.registerExtensionPoint(awoooiBrainsExtensionPoint, {
      addBrain(brain) {
        if (brains.has(brain.id))
          throw new Error(`AWOOOI brain '${brain.id}' registered twice`);
        brains.set(brain.id, brain);
      },
    });
    env.registerExtensionPoint(awoooiExecutorsExtensionPoint, {
      addExecutor: executor => executors.add(executor),
    });
    env.registerExtensionPoint(awoooiNotifiersExtensionPoint, {
      addNotifier: notifier => notifiers.push(notifier),
    });
    env.registerExtensionPoint(awoooiHealthExtensionPoint, {
      addHealthProvider: provider => healthProviders.push(provider),
    });
    env.registerExtensionPoint(awoooiSourcesExtensionPoint, {
      addMetricsSource: source => metricsSources.push(source),
      addClusterSource: source => clusterSources.push(source),
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        cache: coreServices.cache,
      },
      async init(deps) {
        const { logger, config, scheduler } = deps;
        const settings = readSettings(config);
        assertProductionSecrets(settings);
        const roles = readRoleMapping(config);
        const required = RequiredConfig.check(
          {
            roles: Object.values(roles).some(refs => refs.length > 0),
            ingestSecret: Boolean(settings.ingestSecret),
            privacyKey: Boolean(settings.privacyKey),
          },
          logger,
        );
        const db = await openDatabase(deps.database);
        deps.permissionsRegistry.addPermissions(awoooiPermissions);

        // What is worth sharing across instances goes through the cache service.
        const shared = withCache(readCacheSettings(config), deps.cache, {
          metricsSources,
          brains,
        });
        const metrics = createMetrics();
        const incidents = new IncidentStore(db);
        const alertStore = new AlertIngestStore(db, settings.correlation);
        const analysisQueue = new AnalysisQueueStore(db);
        const analyses = new AnalysisStore(db);
        const operationLog = new OperationLogStore(db);
        const vault = new PrivacyVault(
          new PrivacyStore(db),
          settings.privacyKey
            ? new MappingCipher(settings.privacyKey)
            : undefined,
        );
        const graph = new CatalogGraphCache(deps.catalog, deps.auth, logger);
        const notifier = new IncidentNotifier(
          deps.notifications,
          notifiers,
          settings.appBaseUrl,
          logger,
        );
        await executors.reload(logger);

        const scanners = await setupScanners({
          db,
          config,
          logger,
          scheduler,
          catalog: deps.catalog,
          auth: deps.auth,
          operationLog,
          metricsSources: shared.metricsSources,
          clusterSources,
          offeredActions: () => executors.list().map(a => a.name),
        });
        // Capacity violations make the hosts' entities unhealthy in analyses.
        healthProviders.push(scanners.healthProvider);

        const metricEvidence = new MetricEvidenceStep({
          sources: metricsSources,
          graph,
          settings: readMetricsSettings(config),
        });
        const analysis = new AnalysisService({
          incidents,
          queue: analysisQueue,
          analyses,
          vault,
          graph,
          executors,
          brains: shared.brains,
          healthProviders,
          operationLog,
          signals: deps.signals,
          logger,
          metrics,
          settings: settings.analysis,
          metricEvidence,
        });
        analysis.onAnalysisStored(notifyOwnersOnAnalysis(incidents, notifier));
        const proposalStore = new ProposalStore(
          db,
          settings.approval.trustThresholds,
        );
        const proposals = new ProposalService({
          store: proposalStore,
          executors,
          vault,
          operationLog,
          notifier,
          signals: deps.signals,
          logger,
          settings: settings.approval,
        });
        const verification = new VerificationService({
          store: proposalStore,
          incidents,
          analyses,
          metricEvidence,
          operationLog,
          vault,
          healthProviders,
          entityIndex: () => graph.getIndex(),
          proposals,
          notifier,
          signals: deps.signals,
          logger,
        });
        // Remediations become proposals: dry-run now, signatures by risk and trust.
        analysis.onAnalysisStored(proposeRemediations(proposals));
        const queue = new AnalysisQueue(
          analysisQueue,
          analysis,
          logger,
          settings.queue,
        );
        // Upstream incidents learn about causes that alerted after them.
        analysis.onAnalysisStored(
          requeueUpstream(incidents, analysisQueue, analyses, () =>
            queue.kick(),
          ),
        );
        const ingestor = new AlertIngestor({
          incidents,
          alerts: alertStore,
          vault,
          graph,
          operationLog,
          notifier,
          metrics,
          signals: deps.signals,
          onStored: () => queue.kick(),
        });

        const access = new Access({
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

        deps.httpRouter.use(
          createRouter({
            access,
            logger,
            incidents,
            analyses,
            operationLog,
            ingestor,
            vault,
            metrics,
            bodyLimit: settings.ingestBodyLimit,
            metricsPublic: settings.metricsPublic,
            proposalsFor: incidentId => proposalStore.list({ incidentId }),
            extend: [
              router => scanners.registerRoutes(router, access),
              router =>
                registerFinOpsProposalRoute(router, {
                  access,
                  finops: scanners.finops,
                  proposals,
                  store: proposalStore,
                }),
              router =>
                registerReportRoutes(router, {
                  access,
                  incidents,
                  analyses,
                  operationLog,
                  proposalStore,
                  vault,
                }),
              router =>
                registerOutcomesRoute(router, {
                  access,
                  incidents,
                  verifications: proposalStore.verifications,
                }),
              router =>
                registerProposalRoutes(router, {
                  access,
                  store: proposalStore,
                  proposals,
                  trustThresholds: settings.approval.trustThresholds,
                }),
            ],
          }),
        );
        // The same services as assistants' tools (MCP through the Actions Registry).
        registerAwoooiActions(deps.actionsRegistry, {
          access,
          catalog: deps.catalog,
          incidents,
          analyses,
          operationLog,
          vault,
          proposals,
          proposalStore,
          executors,
        });
        for (const path of [
          '/health',
          ...(settings.metricsPublic ? ['/metrics'] : []),
          '/alerts/alertmanager',
          '/alerts/webhook',
        ]) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }

        // Alerts through Backstage's events system: HTTP ingress topics and Kafka.
        await deps.events.subscribe({
          id: 'awoooi-alert-ingest',
          topics: Object.keys(INGEST_TOPICS),
          onEvent: async params => {
            const source: IngestSource = INGEST_TOPICS[params.topic];
            try {
              await ingestor.ingest(source, params.eventPayload);
            } catch (error) {
              // Validation messages quote what was sent: redacted (no
              // incident yet, so a throwaway scope) before it is logged.
              const reason = new PrivacyScope().redact(
                (error as Error).message,
              ).text;
              logger.warn(`Rejected ${source} alert event: ${reason}`);
            }
          },
        });

        await scheduler.scheduleTask({
          id: 'awoooi-analysis-queue',
          scope: 'global',
          ...settings.queueSchedule,
          fn: async () => {
            await queue.drain();
            const open = await incidents.listIncidents({
              state: 'open',
              limit: 500,
            });
            metrics.incidentsOpen.set(open.length);
          },
        });
        await scheduler.scheduleTask({
          id: 'awoooi-proposal-expiry',
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await proposals.expireDue();
          },
        });
        // An execution whose instance crashed or hangs ends FAILED or UNKNOWN,
        // which releases the fix for the incident.
        await scheduler.scheduleTask({
          id: 'awoooi-execution-reconcile',
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await proposals.reconcileStuckExecutions();
          },
        });
        // Every executed fix is judged by what followed it; the outcome
        // teaches trust. One instance at a time; each window is decided once.
        await scheduler.scheduleTask({
          id: 'awoooi-verification',
          scope: 'global',
          ...settings.verificationSchedule,
          fn: async () => {
            await verification.verifyDue();
          },
        });
        // Executors' actions can change (an MCP server that was down at start
        // comes back, a tool is added); every instance keeps its own list.
        await scheduler.scheduleTask({
          id: 'awoooi-executors-reload',
          scope: 'local',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await executors.reload(logger);
          },
        });
        // Every instance keeps its own cached graph, so this one runs locally.
        await scheduler.scheduleTask({
          id: 'awoooi-catalog-graph-refresh',
          scope: 'local',
          ...settings.graphRefreshSchedule,
          fn: async () => {
            const { changed, removed } = await graph.refresh();
            if (changed || removed) await ingestor.remapUnmapped();
          },
        });
        deps.lifecycle.addShutdownHook(async () => {
          await queue.idle();
          await scanners.idle();
        });
        logger.info(
          `AWOOOI ready: brain '${settings.analysis.brainProvider}', ${
            executors.list().length
          } actions`,
        );
      },
    });
  },
});

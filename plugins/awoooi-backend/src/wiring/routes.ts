import { NotFoundError } from '@backstage/errors';
import type { AwoooiFinOpsRecommendations } from '@awoooi/plugin-awoooi-node';
import type express from 'express';
import { registerAwoooiActions } from '../actions';
import { registerFinOpsProposalRoute } from '../approval/finopsProposals';
import { registerProposalRoutes } from '../approval/routes';
import { registerOutcomesRoute } from '../outcomes/outcomesOverview';
import { registerReportRoutes } from '../report/routes';
import { createRouter } from '../service/router';
import type { Services } from './createServices';
import type { PluginDeps } from './deps';

/** Paths that authenticate themselves (the ingest secret) or need none. */
function unauthenticatedPaths(s: Services) {
  return [
    '/health',
    ...(s.settings.metricsPublic ? ['/metrics'] : []),
    '/alerts/alertmanager',
    '/alerts/webhook',
  ];
}

/** Mounts the HTTP routes and registers the same services as actions (MCP tools). */
export function mountRoutes(deps: PluginDeps, s: Services) {
  const { access, incidents, analyses, operationLog, vault } = s;
  const store = s.proposalStore;
  deps.httpRouter.use(
    createRouter({
      access,
      logger: deps.logger,
      incidents,
      analyses,
      operationLog,
      ingestor: s.ingestor,
      vault,
      metrics: s.metrics,
      bodyLimit: s.settings.ingestBodyLimit,
      metricsPublic: s.settings.metricsPublic,
      proposalsFor: incidentId => store.list({ incidentId }),
      extend: extraRoutes(s),
    }),
  );
  for (const path of unauthenticatedPaths(s)) {
    deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
  }
  registerAwoooiActions(deps.actionsRegistry, {
    access,
    catalog: deps.catalog,
    incidents,
    analyses,
    operationLog,
    vault,
    proposals: s.proposals,
    proposalStore: store,
    executors: s.ext.executors,
  });
}

/** FinOps proposals, reports, outcomes and proposals, on the main router. */
function extraRoutes(s: Services): Array<(router: express.Router) => void> {
  const { access, incidents, analyses, operationLog, vault } = s;
  const store = s.proposalStore;
  return [
    router =>
      registerFinOpsProposalRoute(router, {
        access,
        finops: finopsRecommendations(s),
        proposals: s.proposals,
        store,
      }),
    router =>
      registerReportRoutes(router, {
        access,
        incidents,
        analyses,
        operationLog,
        proposalStore: store,
        vault,
      }),
    router =>
      registerOutcomesRoute(router, {
        access,
        incidents,
        verifications: store.verifications,
      }),
    router =>
      registerProposalRoutes(router, {
        access,
        store,
        proposals: s.proposals,
        trustThresholds: s.settings.approval.trustThresholds,
      }),
  ];
}

/** The scanners module's FinOps recommendations; none without the module. */
function finopsRecommendations(s: Services): AwoooiFinOpsRecommendations {
  return {
    getRecommendation: async id => s.ext.scanners.finops?.getRecommendation(id),
    async markProposed(id, proposalId) {
      const finops = s.ext.scanners.finops;
      if (!finops) throw new NotFoundError(`No FinOps recommendation ${id}`);
      await finops.markProposed(id, proposalId);
    },
  };
}

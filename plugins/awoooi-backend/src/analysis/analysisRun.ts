/**
 * What the steps of an analysis share: the services they read, the run they
 * work on and what earlier steps handed on. Each step takes only the
 * services it needs, picked from AnalysisDeps.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { Incident, Remediation } from '@awoooi/plugin-awoooi-common';
import type {
  analyzeTopology,
  AwoooiBrain,
  AwoooiHealthProvider,
  OperationLogStore,
  Runbook,
} from '@awoooi/plugin-awoooi-node';
import type { CatalogGraphCache } from '../catalog/CatalogGraphCache';
import type { AnalysisStore } from '../database/AnalysisStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { AnalysisQueueStore } from '../database/AnalysisQueueStore';
import type { ExecutorRegistry } from '../execution/ExecutorRegistry';
import type { PrivacyVault } from '../privacy/PrivacyVault';
import type { AwoooiMetrics } from '../service/metrics';
import type { MetricEvidenceStep } from './metricEvidenceStep';
import type { Reasoning } from './Reasoning';
import type { shieldIncident } from './shieldIncident';

export interface AnalysisSettings {
  maxDepth: number;
  currency: string;
  runbooks: Runbook[];
  brainProvider: string;
}

/** The services an AnalysisService is built with. */
export interface AnalysisDeps {
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
}

/** One analysis run's incident, terminal and what the shield produced. */
export interface Run {
  incident: Incident;
  reasoning: Reasoning;
  /** An analysis existed already: this one was asked for again. */
  escalated: boolean;
}

export type Shielded = Awaited<ReturnType<typeof shieldIncident>>;
export type Topology = ReturnType<typeof analyzeTopology>;
export interface BrainOutputLike {
  narrative: string;
  remediations: Remediation[];
  notes?: string[];
}

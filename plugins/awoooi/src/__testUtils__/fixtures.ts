import type {
  AwoooiApi,
  AwoooiMe,
  DryRunResult,
  Incident,
  IncidentAnalysis,
  IncidentDetails,
  Proposal,
} from '@awoooi/plugin-awoooi-common';

/** Test data shaped like the backend's answers. */
export const NOW = Date.parse('2026-11-25T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

export const SERVICE_REF = 'component:default/order-api';

export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    entityRef: SERVICE_REF,
    groupKey: 'HighLatency',
    title: 'order-api p99 latency above 2s',
    severity: 'critical',
    state: 'open',
    analysisState: 'done',
    firingAlerts: 3,
    totalAlerts: 4,
    openedAt: minutesAgo(15),
    resolvedAt: null,
    updatedAt: minutesAgo(1),
    costPerHour: 1240,
    ...overrides,
  };
}

export function makeAnalysis(
  overrides: Partial<IncidentAnalysis> = {},
): IncidentAnalysis {
  return {
    incidentId: 'inc-1',
    brain: 'deterministic',
    narrative:
      'Connections to postgres-db are exhausted; order-api waits on them.',
    rootCauses: [
      {
        entityRef: 'component:default/payment-api',
        rank: 2,
        priority: 'service',
        distance: 1,
        symptom: true,
        path: [SERVICE_REF, 'component:default/payment-api'],
        evidence: ['payment-api error rate 12%'],
      },
      {
        entityRef: 'resource:default/postgres-db',
        rank: 1,
        priority: 'database',
        distance: 1,
        symptom: false,
        path: [
          'component:default/frontend',
          SERVICE_REF,
          'resource:default/postgres-db',
        ],
        evidence: ['PostgresConnectionsExhausted firing'],
      },
    ],
    blastRadius: [
      {
        entityRef: 'component:default/frontend',
        distance: 1,
        path: [SERVICE_REF, 'component:default/frontend'],
      },
    ],
    costPerHour: 1240,
    currency: 'USD',
    entitiesWalked: 7,
    remediations: [],
    notes: [],
    createdAt: minutesAgo(10),
    ...overrides,
  };
}

export function makeDryRun(
  overrides: Partial<DryRunResult> = {},
): DryRunResult {
  return {
    at: minutesAgo(9),
    ok: true,
    checks: [
      {
        name: 'rbac',
        outcome: 'pass',
        detail: 'may patch deployments in prod',
      },
      { name: 'pdb', outcome: 'pass', detail: 'minAvailable 1 of 3 kept' },
    ],
    fingerprint: 'aaaaaaaaaaaaaaaa',
    state: {},
    ...overrides,
  };
}

export function makeProposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: 'prop-1',
    incidentId: 'inc-1',
    source: 'incident',
    action: 'restart_deployment',
    executor: 'kubernetes',
    target: 'deployment/prod/order-api',
    entityRef: SERVICE_REF,
    params: {},
    title: 'Restart order-api',
    baseRisk: 'HIGH',
    risk: 'HIGH',
    pattern: 'restart_deployment:order-api',
    trustScore: 3,
    required: {
      count: 2,
      roles: ['admin', 'devops', 'sre'],
      mandatoryRoles: [],
    },
    state: 'PENDING',
    proposedBy: 'user:default/pat',
    createdAt: minutesAgo(9),
    expiresAt: new Date(NOW + 3_600_000).toISOString(),
    dryRun: makeDryRun(),
    preExecutionDryRun: null,
    signatures: [],
    result: null,
    reason: null,
    blastRadius: [],
    ...overrides,
  };
}

export function makeDetails(
  overrides: Partial<IncidentDetails> = {},
): IncidentDetails {
  return {
    incident: makeIncident(),
    alerts: [],
    analysis: makeAnalysis(),
    proposals: [makeProposal()],
    ...overrides,
  };
}

export const SRE: AwoooiMe = {
  userEntityRef: 'user:default/sam',
  roles: ['sre'],
};

/** An API whose every method fails loudly unless a test gives it an answer. */
export function mockAwoooiApi(
  overrides: Partial<AwoooiApi> = {},
): jest.Mocked<AwoooiApi> {
  const unexpected = (name: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected call to ${name}`);
    });
  const methods: Array<keyof AwoooiApi> = [
    'getMe',
    'listIncidents',
    'getIncident',
    'getIncidentReport',
    'getIncidentReportMarkdown',
    'getOutcomes',
    'getTranscript',
    'listUnmappedAlerts',
    'listProposals',
    'approveProposal',
    'rejectProposal',
    'listTrust',
    'listAudit',
    'listScans',
    'runScan',
    'listHostCapacity',
    'getCompliance',
    'getGroupCompliance',
    'getFinOps',
    'proposeRecommendation',
  ];
  const api = Object.fromEntries(methods.map(m => [m, unexpected(m)])) as any;
  for (const [name, impl] of Object.entries(overrides)) {
    api[name] = jest.fn(impl as any);
  }
  return api;
}

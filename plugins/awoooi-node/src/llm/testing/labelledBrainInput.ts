import type { BrainInput } from '../../extensions/brains';

/**
 * The raw values behind the labels in {@link labelledBrainInput}: what the
 * Privacy Shield replaced. None of them may ever reach a model.
 */
export const RAW_PII_VALUES: readonly string[] = [
  '10.1.2.3',
  'alice@example.com',
];

/** The labels the Privacy Shield gave those values, which a model must see. */
export const PRIVACY_LABELS: readonly string[] = ['[IP_1]', '[EMAIL_1]'];

/** The order-api alert, its instance and the paged person already labelled. */
function labelledAlerts(): BrainInput['alerts'] {
  return [
    {
      title: 'HighErrorRate',
      status: 'firing',
      labels: {
        alertname: 'HighErrorRate',
        service: 'order-api',
        instance: '[IP_1]:8080',
      },
      annotations: {
        summary: '5xx ratio above 5% on requests from [IP_1]',
        description:
          'Paged [EMAIL_1]; the connection pool to orders-db is exhausted.',
      },
    },
  ];
}

function availableActions(): BrainInput['availableActions'] {
  return [
    {
      name: 'restart_deployment',
      description: 'Rolling restart of a Kubernetes deployment',
      risk: 'MEDIUM',
    },
    {
      name: 'scale_deployment',
      description: 'Change the replica count of a Kubernetes deployment',
      risk: 'MEDIUM',
    },
    {
      name: 'failover_database',
      description: 'Promote the standby of a database cluster',
      risk: 'HIGH',
    },
  ];
}

/** What the deterministic brain said: a restart of order-api by its runbook. */
function deterministicBaseline(): BrainInput['baseline'] {
  return {
    narrative:
      'order-api fails because its database orders-db is unhealthy; checkout is affected.',
    remediations: [
      {
        action: 'restart_deployment',
        target: 'deployment/prod/order-api',
        entityRef: 'component:default/order-api',
        params: {},
        risk: 'MEDIUM',
        title: 'Restart order-api',
        rationale: 'Runbook for HighErrorRate',
      },
    ],
    notes: [],
  };
}

/**
 * A brain input as the pipeline builds it after the Privacy Shield: the
 * order-api alert came from 10.1.2.3 and was acknowledged by
 * alice@example.com, and only their labels are left.
 */
export function labelledBrainInput(): BrainInput {
  return {
    incident: {
      id: 'inc-0001',
      entityRef: 'component:default/order-api',
      title: 'HighErrorRate on order-api',
      severity: 'critical',
    },
    alerts: labelledAlerts(),
    rootCauses: [
      {
        entityRef: 'resource:default/orders-db',
        rank: 1,
        priority: 'database',
        distance: 1,
        symptom: false,
        path: ['component:default/order-api', 'resource:default/orders-db'],
        evidence: ['firing alert PostgresTooManyConnections'],
      },
    ],
    blastRadius: [
      {
        entityRef: 'component:default/checkout',
        distance: 1,
        path: ['component:default/order-api', 'component:default/checkout'],
      },
    ],
    costPerHour: 1200,
    availableActions: availableActions(),
    baseline: deterministicBaseline(),
  };
}

/**
 * An answer a model might give to {@link labelledBrainInput}: it keeps the
 * labels verbatim and proposes a failover of the database, but understates its
 * risk (LOW, where the action's base risk is HIGH), which validation corrects.
 */
export function labelledModelAnswer(): string {
  return JSON.stringify({
    narrative:
      'orders-db has run out of connections, so order-api answers 5xx to requests from [IP_1]; checkout depends on order-api and fails too. [EMAIL_1] has been paged.',
    remediations: [
      {
        action: 'failover_database',
        target: 'cluster/prod/orders-db',
        entityRef: 'resource:default/orders-db',
        params: { reason: 'connection pool exhausted' },
        risk: 'LOW',
        title: 'Fail over orders-db',
        rationale: 'The primary rejects new connections.',
      },
    ],
  });
}

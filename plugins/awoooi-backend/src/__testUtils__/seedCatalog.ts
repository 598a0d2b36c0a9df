import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

function entity(
  kind: string,
  name: string,
  spec: JsonObject,
  annotations: Record<string, string> = {},
): Entity {
  // The catalog adds the ownedBy relation to every owned entity.
  const owner = typeof spec.owner === 'string' ? spec.owner : undefined;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations, etag: `${name}-1` },
    spec,
    ...(owner && {
      relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
    }),
  };
}

/**
 * The seed's topology as catalog entities:
 * ingress → frontend → (APIs) → auth-service, product-api, order-api → postgres-db,
 * plus a cache and the owner group.
 */
export function seedCatalog(): Entity[] {
  return [
    entity('Group', 'checkout-team', { type: 'team', children: [] }),
    entity(
      'Component',
      'ingress',
      {
        type: 'service',
        owner: 'checkout-team',
        dependsOn: ['component:frontend'],
      },
      {
        'awoooi.io/alert-selector': 'service=ingress',
        'awoooi.io/cost-per-hour': '200',
      },
    ),
    entity(
      'Component',
      'frontend',
      {
        type: 'website',
        owner: 'checkout-team',
        consumesApis: ['auth-rest', 'products-rest', 'orders-rest'],
      },
      {
        'awoooi.io/alert-selector': 'service=frontend,namespace=shop',
        'awoooi.io/cost-per-hour': '640',
        'backstage.io/kubernetes-id': 'frontend',
        'backstage.io/kubernetes-namespace': 'shop',
      },
    ),
    entity('API', 'auth-rest', { type: 'openapi', owner: 'checkout-team' }),
    entity('API', 'products-rest', { type: 'openapi', owner: 'checkout-team' }),
    entity('API', 'orders-rest', { type: 'openapi', owner: 'checkout-team' }),
    entity('Component', 'auth-service', {
      type: 'service',
      owner: 'checkout-team',
      providesApis: ['auth-rest'],
      dependsOn: ['resource:postgres-db', 'resource:redis-cache'],
    }),
    entity('Component', 'product-api', {
      type: 'service',
      owner: 'checkout-team',
      providesApis: ['products-rest'],
      dependsOn: ['resource:postgres-db'],
    }),
    entity(
      'Component',
      'order-api',
      {
        type: 'service',
        owner: 'checkout-team',
        providesApis: ['orders-rest'],
        dependsOn: ['resource:postgres-db'],
      },
      {
        'backstage.io/kubernetes-id': 'order-api',
        'backstage.io/kubernetes-namespace': 'shop',
      },
    ),
    entity(
      'Resource',
      'postgres-db',
      { type: 'database', owner: 'checkout-team' },
      {
        'awoooi.io/alert-selector': 'service=postgres-db',
        'backstage.io/kubernetes-id': 'postgres-db',
        'backstage.io/kubernetes-namespace': 'data',
      },
    ),
    entity(
      'Resource',
      'redis-cache',
      { type: 'cache', owner: 'checkout-team' },
      {
        'awoooi.io/alert-selector': 'service=redis',
      },
    ),
  ];
}

/** An Alertmanager v4 webhook with one alert per entry. */
export function alertmanagerPayload(
  alerts: Array<{
    alertname: string;
    status?: 'firing' | 'resolved';
    labels?: Record<string, string>;
    summary?: string;
    fingerprint: string;
    severity?: string;
    startsAt?: string;
  }>,
) {
  const status = alerts.every(a => a.status === 'resolved')
    ? 'resolved'
    : 'firing';
  return {
    receiver: 'awoooi',
    status,
    alerts: alerts.map(a => ({
      status: a.status ?? 'firing',
      labels: {
        alertname: a.alertname,
        severity: a.severity ?? 'critical',
        ...a.labels,
      },
      annotations: { summary: a.summary ?? `${a.alertname} is firing` },
      startsAt: a.startsAt ?? '2026-11-24T03:00:00.000Z',
      endsAt:
        a.status === 'resolved'
          ? '2026-11-24T03:20:00.000Z'
          : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus/graph',
      fingerprint: a.fingerprint,
    })),
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager',
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
  };
}

import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

export function entity(
  kind: string,
  name: string,
  spec: JsonObject,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec,
  };
}

const kube = (id: string, namespace: string) => ({
  'backstage.io/kubernetes-id': id,
  'backstage.io/kubernetes-namespace': namespace,
});

/** A slice of the demo catalog (examples/*.yaml) over the demo cluster. */
export function demoEntities(
  extra: Record<string, Record<string, string>> = {},
): Entity[] {
  const a = (name: string, base: Record<string, string>) => ({
    ...base,
    ...(extra[name] ?? {}),
  });
  return [
    entity('Group', 'platform-team', { type: 'team', children: [] }),
    entity(
      'System',
      'data-platform',
      { owner: 'platform-team' },
      a('data-platform', {}),
    ),
    entity(
      'Resource',
      'postgres-db',
      { type: 'database', owner: 'platform-team', system: 'data-platform' },
      a('postgres-db', {
        ...kube('postgres-db', 'data'),
        'awoooi.io/hosts': 'db-1.acme.internal:9100',
        'awoooi.io/encryption-at-rest': 'true',
        'awoooi.io/audit-log': 'pgaudit',
      }),
    ),
    entity(
      'Resource',
      'payments-db',
      { type: 'database', owner: 'platform-team', system: 'data-platform' },
      a('payments-db', {
        ...kube('payments-db', 'data'),
        'awoooi.io/encryption-at-rest': 'true',
      }),
    ),
    entity(
      'Resource',
      'redis-cache',
      { type: 'cache', owner: 'platform-team' },
      a('redis-cache', kube('redis-cache', 'data')),
    ),
    entity(
      'Component',
      'ingress',
      { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
      a('ingress', kube('ingress-nginx', 'ingress')),
    ),
    entity(
      'Component',
      'frontend',
      { type: 'website', lifecycle: 'production', owner: 'checkout-team' },
      a('frontend', kube('frontend', 'shop')),
    ),
    entity(
      'Component',
      'order-api',
      { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
      a('order-api', kube('order-api', 'shop')),
    ),
    entity(
      'Component',
      'notification-worker',
      { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
      a('notification-worker', kube('notification-worker', 'shop')),
    ),
    entity(
      'Component',
      'legacy-reports',
      {
        type: 'service',
        lifecycle: 'deprecated',
        owner: 'group:default/finance-team',
      },
      a('legacy-reports', {}),
    ),
  ];
}

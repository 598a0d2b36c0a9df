import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_COST_PER_HOUR } from '@awoooi/plugin-awoooi-common';

type Spec = Record<string, unknown>;

function entity(
  kind: string,
  name: string,
  spec: Spec,
  cost?: unknown,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(cost === undefined
        ? {}
        : { annotations: { [ANNOTATION_COST_PER_HOUR]: cost as string } }),
    },
    spec: spec as Entity['spec'],
  };
}

export const component = (name: string, spec: Spec = {}, cost?: unknown) =>
  entity('Component', name, { type: 'service', ...spec }, cost);

export const resource = (
  name: string,
  type: string,
  spec: Spec = {},
  cost?: unknown,
) => entity('Resource', name, { type, ...spec }, cost);

export const api = (name: string, spec: Spec = {}) =>
  entity('API', name, { type: 'openapi', ...spec });

export const system = (name: string, cost?: unknown) =>
  entity('System', name, {}, cost);

/** `ref → evidence` with one line per ref. */
export function unhealthy(...refs: string[]): Map<string, string[]> {
  return new Map(refs.map(ref => [ref, [`${ref} is failing`]]));
}

/**
 * The seed's topology: ingress → frontend → auth-service, product-api,
 * order-api → postgres-db, with an API between frontend and each service.
 */
export function seedCatalog(): Entity[] {
  return [
    component(
      'ingress',
      { dependsOn: ['component:frontend'], system: 'storefront' },
      '200',
    ),
    component(
      'frontend',
      {
        consumesApis: ['auth-rest', 'products-rest', 'orders-rest'],
        system: 'storefront',
      },
      '640',
    ),
    component(
      'auth-service',
      { providesApis: ['auth-rest'], dependsOn: ['resource:postgres-db'] },
      '120',
    ),
    component('product-api', {
      providesApis: ['products-rest'],
      dependsOn: ['resource:postgres-db'],
    }),
    component('order-api', {
      providesApis: ['orders-rest'],
      dependsOn: ['resource:postgres-db'],
    }),
    resource('postgres-db', 'database', { system: 'storefront' }),
    api('auth-rest'),
    api('products-rest'),
    api('orders-rest'),
    system('storefront', '400'),
  ];
}

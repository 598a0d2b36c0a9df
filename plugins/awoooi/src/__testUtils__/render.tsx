import type { ReactElement } from 'react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { Entity } from '@backstage/catalog-model';
import type { AwoooiApi } from '@awoooi/plugin-awoooi-common';
import { awoooiApiRef } from '../api';
import { FakeSignalApi } from './signals';

export const serviceEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-api', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

export const groupEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** Renders inside a test app with the AWOOOI API, fake signals and entity routes. */
export function renderWithApi(
  element: ReactElement,
  options: {
    api: Partial<AwoooiApi>;
    signals?: FakeSignalApi | null;
    entity?: Entity;
    initialRouteEntries?: string[];
  },
) {
  const apis: any[] = [[awoooiApiRef, options.api]];
  if (options.signals !== null) {
    apis.push([signalApiRef, options.signals ?? new FakeSignalApi()]);
  }
  return renderInTestApp(
    options.entity ? (
      <EntityProvider entity={options.entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      apis,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: options.initialRouteEntries,
    },
  );
}

/** A promise that never settles, to hold a view in its loading state. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AwoooiBrain } from './brains';
import type { AwoooiActionExecutor } from './executors';
import type { AwoooiNotifier } from './notifiers';
import type { AwoooiHealthProvider } from './health';
import type { AwoooiClusterSource, AwoooiMetricsSource } from './sources';
import type { AwoooiScannersExtensionPoint } from './scanners';

export interface AwoooiBrainsExtensionPoint {
  addBrain(brain: AwoooiBrain): void;
}
export const awoooiBrainsExtensionPoint =
  createExtensionPoint<AwoooiBrainsExtensionPoint>({ id: 'awoooi.brains' });

export interface AwoooiExecutorsExtensionPoint {
  addExecutor(executor: AwoooiActionExecutor): void;
}
export const awoooiExecutorsExtensionPoint =
  createExtensionPoint<AwoooiExecutorsExtensionPoint>({
    id: 'awoooi.executors',
  });

export interface AwoooiNotifiersExtensionPoint {
  addNotifier(notifier: AwoooiNotifier): void;
}
export const awoooiNotifiersExtensionPoint =
  createExtensionPoint<AwoooiNotifiersExtensionPoint>({
    id: 'awoooi.notifiers',
  });

export interface AwoooiHealthExtensionPoint {
  addHealthProvider(provider: AwoooiHealthProvider): void;
}
export const awoooiHealthExtensionPoint =
  createExtensionPoint<AwoooiHealthExtensionPoint>({ id: 'awoooi.health' });

export interface AwoooiSourcesExtensionPoint {
  addMetricsSource(source: AwoooiMetricsSource): void;
  addClusterSource(source: AwoooiClusterSource): void;
}
export const awoooiSourcesExtensionPoint =
  createExtensionPoint<AwoooiSourcesExtensionPoint>({ id: 'awoooi.sources' });

export const awoooiScannersExtensionPoint =
  createExtensionPoint<AwoooiScannersExtensionPoint>({
    id: 'awoooi.scanners',
  });

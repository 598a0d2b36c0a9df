import {
  coreServices,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';

/**
 * Backstage's test scheduler, kept by the test so it can trigger tasks. It
 * never starts a task that has an initial delay, so a test triggers the
 * task by its id, as the scheduler would once the delay passed.
 */
export function testScheduler() {
  const scheduler = mockServices.scheduler();
  const factory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: (): SchedulerService => scheduler,
  });
  return { scheduler, factory };
}

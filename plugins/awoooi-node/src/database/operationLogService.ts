import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { OperationLogStore } from './OperationLogStore';

/**
 * The append-only operation log (`automation_operation_log`) of the plugin,
 * for its modules: what a scanner or any other module did, and why. It
 * writes to the plugin's database, whose schema the backend plugin migrates
 * when it starts; modules append from scheduled tasks and requests, which
 * run once the backend has started.
 */
export const awoooiOperationLogServiceRef = createServiceRef<OperationLogStore>(
  {
    id: 'awoooi.operation-log',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { database: coreServices.database },
        async factory({ database }) {
          return OperationLogStore.create(await database.getClient());
        },
      }),
  },
);

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { awoooiExecutorsExtensionPoint } from '@awoooi/plugin-awoooi-node';
import { readMcpServers } from './config/readMcpServers';
import { McpActionExecutor } from './McpActionExecutor';

/**
 * One action executor per server under `awoooi.mcp.servers`, offering its
 * tools as `mcp.<server>.<tool>`. Servers are connected on first use and the
 * connections closed on shutdown.
 */
export const awoooiModuleMcp = createBackendModule({
  pluginId: 'awoooi',
  moduleId: 'mcp',
  register(env) {
    env.registerInit({
      deps: {
        executors: awoooiExecutorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ executors, config, logger, lifecycle }) {
        const servers = readMcpServers(config);
        if (servers.length === 0) {
          logger.info('awoooi.mcp.servers is empty; no MCP executor added');
          return;
        }
        const added: McpActionExecutor[] = [];
        for (const server of servers) {
          const executor = new McpActionExecutor({ server, logger });
          executors.addExecutor(executor);
          added.push(executor);
          const where =
            server.transport.kind === 'http'
              ? server.transport.url
              : server.transport.command;
          logger.info(
            `Added MCP executor '${executor.id}' (${server.transport.kind}: ${where})`,
          );
        }
        lifecycle.addShutdownHook(async () => {
          await Promise.all(added.map(executor => executor.close()));
        });
      },
    });
  },
});

/**
 * AWOOOI backend module: the tools of configured MCP servers as action
 * executors (`mcp.<server>.<tool>`), over stdio or Streamable HTTP.
 *
 * @packageDocumentation
 */
export { awoooiModuleMcp as default } from './module';
export {
  McpActionExecutor,
  type McpActionExecutorOptions,
} from './McpActionExecutor';
export {
  readMcpServers,
  DEFAULT_MCP_TIMEOUT_MS,
  type McpServerConfig,
  type McpToolSettings,
  type McpTransportConfig,
} from './config/readMcpServers';
export { jsonSchemaToZod, type JsonSchema } from './schema/jsonSchemaToZod';

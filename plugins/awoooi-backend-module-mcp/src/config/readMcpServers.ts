import type { Config } from '@backstage/config';
import { RISK_LEVELS, type RiskLevel } from '@awoooi/plugin-awoooi-common';
import { readLlmTimeoutMs } from '@awoooi/plugin-awoooi-node';

/** Longest wait for one MCP request unless a server sets `timeout`. */
export const DEFAULT_MCP_TIMEOUT_MS = 60_000;

/** How to reach a server: a child process over stdio, or Streamable HTTP. */
export type McpTransportConfig =
  | {
      kind: 'stdio';
      command: string;
      args: string[];
      env: Record<string, string>;
    }
  | { kind: 'http'; url: string; headers: Record<string, string> };

/** Per-tool settings under `tools.<toolName>`. */
export interface McpToolSettings {
  risk?: RiskLevel;
  /** Tool called with the same arguments during the dry-run. */
  dryRunTool?: string;
  /** The tool changes nothing: its base risk defaults to LOW. */
  readOnly?: boolean;
}

export interface McpServerConfig {
  name: string;
  transport: McpTransportConfig;
  /** Base risk of the server's tools unless a tool sets its own. */
  risk: RiskLevel;
  tools: Record<string, McpToolSettings>;
  /** Tool names or `*` globs to offer; all tools when absent. */
  include?: string[];
  timeoutMs: number;
}

const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

function readRisk(
  config: Config,
  key: string,
  where: string,
): RiskLevel | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  const upper = value.toUpperCase() as RiskLevel;
  if (!RISK_LEVELS.includes(upper)) {
    throw new Error(
      `${where}: ${key} must be one of ${RISK_LEVELS.join(
        ', ',
      )}, not '${value}'`,
    );
  }
  return upper;
}

function readStringMap(config: Config, key: string): Record<string, string> {
  const map = config.getOptionalConfig(key);
  if (!map) return {};
  return Object.fromEntries(map.keys().map(k => [k, map.getString(k)]));
}

function readTransport(entry: Config, where: string): McpTransportConfig {
  const command = entry.getOptionalString('command');
  const url = entry.getOptionalString('url');
  if ((command === undefined) === (url === undefined)) {
    throw new Error(
      `${where}: set exactly one of command (stdio) or url (HTTP)`,
    );
  }
  if (command !== undefined) {
    if (entry.has('headers')) {
      throw new Error(`${where}: headers only apply to a url server`);
    }
    return {
      kind: 'stdio',
      command,
      args: entry.getOptionalStringArray('args') ?? [],
      env: readStringMap(entry, 'env'),
    };
  }
  if (entry.has('args') || entry.has('env')) {
    throw new Error(`${where}: args and env only apply to a command server`);
  }
  if (!/^https?:\/\/[^/]/.test(url!)) {
    throw new Error(`${where}: url must start with http:// or https://`);
  }
  return { kind: 'http', url: url!, headers: readStringMap(entry, 'headers') };
}

function readTools(entry: Config, where: string) {
  const tools: Record<string, McpToolSettings> = {};
  const section = entry.getOptionalConfig('tools');
  for (const tool of section?.keys() ?? []) {
    const settings = section!.getConfig(tool);
    const toolWhere = `${where} tool '${tool}'`;
    tools[tool] = {
      risk: readRisk(settings, 'risk', toolWhere),
      dryRunTool: settings.getOptionalString('dryRunTool'),
      readOnly: settings.getOptionalBoolean('readOnly'),
    };
    if (tools[tool].dryRunTool === tool) {
      throw new Error(`${toolWhere}: a tool cannot be its own dryRunTool`);
    }
  }
  return tools;
}

/** Reads and checks `awoooi.mcp.servers`. */
export function readMcpServers(config: Config): McpServerConfig[] {
  const entries = config.getOptionalConfigArray('awoooi.mcp.servers') ?? [];
  const seen = new Set<string>();
  return entries.map(entry => {
    const name = entry.getString('name');
    const where = `awoooi.mcp.servers '${name}'`;
    if (!SERVER_NAME.test(name)) {
      throw new Error(
        `${where}: name may hold only letters, digits, '_' and '-' (it becomes part of mcp.<server>.<tool>)`,
      );
    }
    if (seen.has(name)) throw new Error(`${where}: duplicate server name`);
    seen.add(name);
    return {
      name,
      transport: readTransport(entry, where),
      risk: readRisk(entry, 'risk', where) ?? 'HIGH',
      tools: readTools(entry, where),
      include: entry.getOptionalStringArray('include'),
      timeoutMs: readLlmTimeoutMs(entry, 'timeout', DEFAULT_MCP_TIMEOUT_MS),
    };
  });
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DryRunCheck, RiskLevel } from '@awoooi/plugin-awoooi-common';
import type {
  ActionDefinition,
  ActionRequest,
  AwoooiActionExecutor,
  ExecutionOutcome,
  ExecutorContext,
  ExecutorDryRun,
} from '@awoooi/plugin-awoooi-node';
import { describeZodError } from '@awoooi/plugin-awoooi-node';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { digest, toolDigest } from './client/digest';
import { McpConnection } from './client/McpConnection';
import { readToolOutput, truncate } from './client/toolResult';
import { isIncluded } from './config/include';
import type { McpServerConfig } from './config/readMcpServers';
import { jsonSchemaToZod } from './schema/jsonSchemaToZod';

/** Pages of `tools/list` read at most, against a server that never stops paging. */
const MAX_TOOL_PAGES = 50;

interface ListedTool {
  tool: Tool;
  paramsSchema: z.ZodTypeAny;
  digest: string;
}

export interface McpActionExecutorOptions {
  server: McpServerConfig;
  logger: LoggerService;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function issues(error: z.ZodError): string {
  return describeZodError(error, { root: 'params' });
}

/**
 * The tools of one MCP server as AWOOOI actions `mcp.<server>.<tool>`.
 * Dry-run checks: `server_reachable`, `tool_exists`, `params` and, when the
 * tool has a configured `dryRunTool`, `dry_run_tool` (that tool's answer).
 * The dry-run state holds the tool's definition digest and the dry-run
 * tool's answer digest, so either changing voids a proposal.
 */
export class McpActionExecutor implements AwoooiActionExecutor {
  readonly id: string;
  private readonly server: McpServerConfig;
  private readonly logger: LoggerService;
  private readonly connection: McpConnection;
  private readonly prefix: string;
  /** Offered tools of the last successful listing. */
  private offered = new Map<string, ListedTool>();

  constructor(options: McpActionExecutorOptions) {
    this.server = options.server;
    this.logger = options.logger;
    this.id = `mcp.${options.server.name}`;
    this.prefix = `mcp.${options.server.name}.`;
    this.connection = new McpConnection(options.server, options.logger);
  }

  /** Actions of the server's tools; the last known ones while it is unreachable. */
  async listActions(): Promise<ActionDefinition[]> {
    try {
      await this.listTools();
    } catch (error) {
      this.logger.warn(
        `MCP server '${
          this.server.name
        }' could not list its tools; offering the ${
          this.offered.size
        } known before: ${message(error)}`,
      );
    }
    return [...this.offered.values()].map(listed => ({
      name: this.prefix + listed.tool.name,
      description:
        listed.tool.description ??
        listed.tool.title ??
        `Tool '${listed.tool.name}' of MCP server '${this.server.name}'`,
      baseRisk: this.riskOf(listed.tool.name),
      paramsSchema: listed.paramsSchema,
    }));
  }

  /**
   * Every action of this server targets the server itself, `mcp:<server>`,
   * whatever the entity: what a tool acts on is in its arguments.
   */
  targetFor(action: string): string | undefined {
    return this.toolOf(action) ? `mcp:${this.server.name}` : undefined;
  }

  async dryRun(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutorDryRun> {
    const tool = this.toolOf(request.action);
    const state: Record<string, unknown> = {
      server: this.server.name,
      tool: tool ?? request.action,
    };
    if (!tool) {
      const detail = `MCP server '${this.server.name}' does not offer '${request.action}'`;
      return {
        checks: [{ name: 'tool_exists', outcome: 'fail', detail }],
        state,
      };
    }
    const reach = await this.reachability();
    if (!reach.listed) {
      return { checks: [reach.check], state: { ...state, reachable: false } };
    }
    const checks: DryRunCheck[] = [reach.check];
    const current = this.offered.get(tool);
    checks.push(this.listedCheck(tool, current !== undefined));
    if (!current) return { checks, state: { ...state, definition: null } };
    state.definition = current.digest;
    const parsed = current.paramsSchema.safeParse(request.params);
    checks.push(paramsCheck(tool, parsed));
    const dryRunTool = this.server.tools[tool]?.dryRunTool;
    if (dryRunTool && parsed.success) {
      const result = await this.callDryRunTool(
        dryRunTool,
        reach.listed,
        request.params,
        context,
      );
      checks.push(result.check);
      state.dryRunTool = result.state;
    }
    return { checks, state };
  }

  /** Whether the server answers a tool listing, and what it lists. */
  private async reachability(): Promise<{
    listed?: Map<string, ListedTool>;
    check: DryRunCheck;
  }> {
    try {
      const listed = await this.listTools();
      const tools = `${listed.size} tool${listed.size === 1 ? '' : 's'}`;
      return {
        listed,
        check: {
          name: 'server_reachable',
          outcome: 'pass',
          detail: `MCP server '${this.server.name}' listed ${tools}`,
        },
      };
    } catch (error) {
      return {
        check: {
          name: 'server_reachable',
          outcome: 'fail',
          detail: message(error),
        },
      };
    }
  }

  private listedCheck(tool: string, listed: boolean): DryRunCheck {
    return listed
      ? {
          name: 'tool_exists',
          outcome: 'pass',
          detail: `'${tool}' is listed by MCP server '${this.server.name}'`,
        }
      : {
          name: 'tool_exists',
          outcome: 'fail',
          detail: `MCP server '${this.server.name}' does not list an offered tool '${tool}' now`,
        };
  }

  async execute(
    request: ActionRequest,
    context: ExecutorContext,
  ): Promise<ExecutionOutcome> {
    const tool = this.toolOf(request.action);
    if (!tool) {
      return {
        ok: false,
        detail: `MCP server '${this.server.name}' does not offer '${request.action}'`,
      };
    }
    const known = this.offered.get(tool);
    const parsed = known?.paramsSchema.safeParse(request.params);
    if (parsed && !parsed.success) {
      return {
        ok: false,
        detail: `Arguments rejected before calling '${tool}': ${issues(
          parsed.error,
        )}`,
      };
    }
    try {
      // No retry: a call that may have reached the server must not run twice.
      const result = await this.connection.use(
        client =>
          client.callTool(
            { name: tool, arguments: request.params },
            undefined,
            {
              timeout: this.connection.timeoutMs,
              signal: context.signal,
            },
          ),
        { retry: false, signal: context.signal },
      );
      const output = readToolOutput(result);
      const fallback = output.isError
        ? `MCP tool '${tool}' failed without output`
        : `MCP tool '${tool}' returned no output`;
      return { ok: !output.isError, detail: truncate(output.text || fallback) };
    } catch (error) {
      return {
        ok: false,
        detail: `MCP tool '${tool}' on '${this.server.name}' failed: ${message(
          error,
        )}`,
      };
    }
  }

  /** Closes the connection (backend shutdown). */
  async close(): Promise<void> {
    await this.connection.close();
  }

  /** All tools the server lists now, and the offered ones remembered. */
  private async listTools(): Promise<Map<string, ListedTool>> {
    const tools = await this.connection.use(
      async client => {
        const all: Tool[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < MAX_TOOL_PAGES; page++) {
          const result = await client.listTools(
            cursor ? { cursor } : undefined,
            { timeout: this.connection.timeoutMs },
          );
          all.push(...result.tools);
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        return all;
      },
      { retry: true },
    );
    const listed = new Map<string, ListedTool>();
    for (const tool of tools) {
      listed.set(tool.name, {
        tool,
        paramsSchema: jsonSchemaToZod(tool.inputSchema),
        digest: toolDigest(tool),
      });
    }
    this.offered = new Map(
      [...listed].filter(([name]) => isIncluded(name, this.server.include)),
    );
    return listed;
  }

  private async callDryRunTool(
    name: string,
    listed: Map<string, ListedTool>,
    params: Record<string, unknown>,
    context: ExecutorContext,
  ): Promise<{ check: DryRunCheck; state: Record<string, unknown> }> {
    const dryRunTool = listed.get(name);
    if (!dryRunTool) {
      return {
        check: {
          name: 'dry_run_tool',
          outcome: 'fail',
          detail: `MCP server '${this.server.name}' does not list the dry-run tool '${name}'`,
        },
        state: { name, definition: null },
      };
    }
    try {
      // The dry-run tool only reads, so a reconnect may safely call it again.
      const result = await this.connection.use(
        client =>
          client.callTool({ name, arguments: params }, undefined, {
            timeout: this.connection.timeoutMs,
            signal: context.signal,
          }),
        { retry: true, signal: context.signal },
      );
      const output = readToolOutput(result);
      return {
        check: {
          name: 'dry_run_tool',
          outcome: output.isError ? 'fail' : 'pass',
          detail: `${name}: ${truncate(output.text || '(no output)')}`,
        },
        state: {
          name,
          definition: dryRunTool.digest,
          isError: output.isError,
          output: digest(output.text),
        },
      };
    } catch (error) {
      return {
        check: {
          name: 'dry_run_tool',
          outcome: 'fail',
          detail: `${name}: ${message(error)}`,
        },
        state: { name, definition: dryRunTool.digest, error: message(error) },
      };
    }
  }

  private riskOf(tool: string): RiskLevel {
    const settings = this.server.tools[tool];
    if (settings?.risk) return settings.risk;
    return settings?.readOnly ? 'LOW' : this.server.risk;
  }

  /** The tool an action names, if it is one of this server's offered tools. */
  private toolOf(action: string): string | undefined {
    if (!action.startsWith(this.prefix)) return undefined;
    const tool = action.slice(this.prefix.length);
    return tool && isIncluded(tool, this.server.include) ? tool : undefined;
  }
}

/** Whether the arguments match the tool's input schema. */
function paramsCheck(
  tool: string,
  parsed: { success: true } | { success: false; error: z.ZodError },
): DryRunCheck {
  return parsed.success
    ? {
        name: 'params',
        outcome: 'pass',
        detail: `Arguments match the input schema of '${tool}'`,
      }
    : { name: 'params', outcome: 'fail', detail: issues(parsed.error) };
}

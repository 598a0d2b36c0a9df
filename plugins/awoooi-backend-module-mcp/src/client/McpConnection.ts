import type { LoggerService } from '@backstage/backend-plugin-api';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../config/readMcpServers';

const CLIENT_INFO = { name: 'awoooi', version: '0.1.0' };

/** How long shutdown waits for an HTTP server to end the session. */
const TERMINATE_WAIT_MS = 2_000;

/**
 * Whether a failure means the connection is gone (transport error, closed
 * pipe, unknown HTTP session, timeout) rather than an answer of a live server.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof McpError) {
    return (
      error.code === ErrorCode.ConnectionClosed ||
      error.code === ErrorCode.RequestTimeout
    );
  }
  return true;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One lazily opened MCP client for a configured server. It connects on first
 * use, drops the client when the connection fails or the server goes away,
 * and connects afresh on the next use.
 */
export class McpConnection {
  private client?: Client;
  private transport?: Transport;
  private connecting?: Promise<Client>;
  private closed = false;
  /** Last line the stdio server wrote to stderr, quoted when it will not start. */
  private lastStderr = '';

  constructor(
    private readonly server: McpServerConfig,
    private readonly logger: LoggerService,
  ) {}

  get timeoutMs(): number {
    return this.server.timeoutMs;
  }

  /**
   * Runs `fn` with a connected client. A connection failure drops the client;
   * with `retry` (for calls that change nothing) it reconnects and tries once
   * more, so a restarted server is picked up without a failed dry-run. A
   * call the caller aborted keeps the connection.
   */
  async use<T>(
    fn: (client: Client) => Promise<T>,
    options: { retry: boolean; signal?: AbortSignal },
  ): Promise<T> {
    const client = await this.connect();
    try {
      return await fn(client);
    } catch (error) {
      if (options.signal?.aborted || !isConnectionFailure(error)) throw error;
      this.logger.warn(
        `MCP server '${
          this.server.name
        }' connection failed, reconnecting on next use: ${message(error)}`,
      );
      await this.drop(client);
      if (!options.retry) throw error;
    }
    const again = await this.connect();
    try {
      return await fn(again);
    } catch (error) {
      if (!options.signal?.aborted && isConnectionFailure(error)) {
        await this.drop(again);
      }
      throw error;
    }
  }

  /** Closes the client (shutdown); later use fails. */
  async close(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    const transport = this.transport;
    if (!client) return;
    if (transport instanceof StreamableHTTPClientTransport) {
      // Lets the server free the session; a server that is gone must not hold up shutdown.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        transport.terminateSession().catch(() => undefined),
        new Promise(resolve => {
          timer = setTimeout(resolve, TERMINATE_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    await this.drop(client);
  }

  private connect(): Promise<Client> {
    if (this.closed) {
      return Promise.reject(
        new Error(`MCP server '${this.server.name}': connection is shut down`),
      );
    }
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = this.open().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async open(): Promise<Client> {
    const client = new Client(CLIENT_INFO);
    const transport = this.createTransport();
    client.onclose = () => {
      // The stdio server exited or the transport was closed: connect anew next time.
      if (this.client === client) {
        this.client = undefined;
        this.transport = undefined;
      }
    };
    client.onerror = error => {
      this.logger.debug(
        `MCP server '${this.server.name}' transport error: ${message(error)}`,
      );
    };
    this.lastStderr = '';
    try {
      await client.connect(transport, { timeout: this.server.timeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      const stderr = this.lastStderr ? ` (stderr: ${this.lastStderr})` : '';
      throw new Error(
        `MCP server '${this.server.name}' is unreachable: ${message(
          error,
        )}${stderr}`,
      );
    }
    if (this.closed) {
      await client.close().catch(() => undefined);
      throw new Error(
        `MCP server '${this.server.name}': connection is shut down`,
      );
    }
    this.client = client;
    this.transport = transport;
    const version = client.getServerVersion();
    this.logger.info(
      `Connected to MCP server '${this.server.name}'${
        version ? ` (${version.name} ${version.version})` : ''
      }`,
    );
    return client;
  }

  private async drop(client: Client): Promise<void> {
    if (this.client === client) {
      this.client = undefined;
      this.transport = undefined;
    }
    await client.close().catch(() => undefined);
  }

  private createTransport(): Transport {
    const { transport } = this.server;
    if (transport.kind === 'http') {
      return new StreamableHTTPClientTransport(new URL(transport.url), {
        requestInit: { headers: transport.headers },
      });
    }
    const stdio = new StdioClientTransport({
      command: transport.command,
      args: transport.args,
      env: transport.env,
      stderr: 'pipe',
    });
    stdio.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        const trimmed = line.trim();
        if (!trimmed) continue;
        this.lastStderr = trimmed.slice(0, 500);
        this.logger.debug(
          `MCP server '${this.server.name}' stderr: ${trimmed}`,
        );
      }
    });
    return stdio;
  }
}

import type {
  AwoooiMetricsSource,
  PromRule,
  PromSample,
  PromSeries,
} from '@awoooi/plugin-awoooi-node';
import { PrometheusError } from './PrometheusError';
import {
  parseInstantData,
  parseRangeData,
  parseRulesData,
} from './parseResponses';

export interface PrometheusServerConfig {
  /** Unique name; scanners record it with every result. */
  name: string;
  /** e.g. `http://prometheus:9090` (a path prefix is kept: `…/prometheus`). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Basic auth, when the server sits behind a proxy that asks for it. */
  username?: string;
  password?: string;
  /** Longest wait for one request, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 30_000;

const seconds = (date: Date) => (date.getTime() / 1000).toFixed(3);

/**
 * The Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`,
 * `/api/v1/rules`) over Node's fetch. Every failure is a PrometheusError
 * whose message says which server, which URL and what went wrong.
 */
export class PrometheusClient implements AwoooiMetricsSource {
  readonly name: string;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(config: PrometheusServerConfig) {
    this.name = config.name;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = config.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS;
    this.headers = { accept: 'application/json' };
    if (config.token) {
      this.headers.authorization = `Bearer ${config.token}`;
    } else if (config.username !== undefined) {
      const pair = `${config.username}:${config.password ?? ''}`;
      this.headers.authorization = `Basic ${Buffer.from(pair).toString(
        'base64',
      )}`;
    }
  }

  async query(promql: string, time?: Date): Promise<PromSample[]> {
    const params = new URLSearchParams({ query: promql });
    if (time) params.set('time', seconds(time));
    const data = await this.request('/api/v1/query', params);
    return this.parse('/api/v1/query', () => parseInstantData(data));
  }

  async queryRange(
    promql: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<PromSeries[]> {
    const params = new URLSearchParams({
      query: promql,
      start: seconds(start),
      end: seconds(end),
      step: String(stepSeconds),
    });
    const data = await this.request('/api/v1/query_range', params);
    return this.parse('/api/v1/query_range', () => parseRangeData(data));
  }

  async rules(): Promise<PromRule[]> {
    const data = await this.request('/api/v1/rules');
    return this.parse('/api/v1/rules', () => parseRulesData(data));
  }

  private where(path: string) {
    return `Prometheus '${this.name}' at ${this.baseUrl}${path}`;
  }

  private parse<T>(path: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw new PrometheusError(
        'response',
        `${this.where(path)} answered unexpectedly: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** POSTs form parameters (long PromQL does not fit a URL) and returns `data`. */
  private async request(path: string, params?: URLSearchParams) {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: params ? 'POST' : 'GET',
        headers: params
          ? {
              ...this.headers,
              'content-type': 'application/x-www-form-urlencoded',
            }
          : this.headers,
        body: params?.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PrometheusError(
        'unreachable',
        `${this.where(path)} is unreachable: ${describeFetchError(
          error,
          this.timeoutMs,
        )}`,
      );
    }
    const text = await response.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body?.status === 'error') {
      throw new PrometheusError(
        'query',
        `${this.where(path)} rejected the request (${body.errorType}): ${
          body.error
        }`,
        response.status,
        body.errorType,
      );
    }
    if (!response.ok) {
      const excerpt = text.trim().slice(0, 200) || response.statusText;
      throw new PrometheusError(
        'http',
        `${this.where(path)} answered HTTP ${response.status}: ${excerpt}`,
        response.status,
      );
    }
    if (body?.status !== 'success') {
      throw new PrometheusError(
        'response',
        `${this.where(
          path,
        )} did not answer with Prometheus API JSON (is baseUrl the Prometheus server?)`,
        response.status,
      );
    }
    return body.data;
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: any };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  if (cause?.code)
    return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e?.message ?? String(error);
}

/** A stuck backend fails a request instead of hanging the run. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Minimal HTTP client of a running AWOOOI backend, for the tracer bullet. */
export class BackendClient {
  constructor(
    readonly baseUrl: string,
    private readonly ingestSecret: string,
  ) {}

  /** Signs in through the demo sign-in provider and returns a Backstage token. */
  async signIn(userEntityRef: string): Promise<string> {
    const res = await fetch(
      `${this.baseUrl}/api/auth/demo/refresh?optional=false`,
      {
        headers: {
          'x-demo-user': userEntityRef,
          'x-requested-with': 'XMLHttpRequest',
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
    );
    if (!res.ok)
      throw new Error(
        `sign-in as ${userEntityRef}: HTTP ${res.status} ${await res.text()}`,
      );
    const body = (await res.json()) as {
      backstageIdentity?: { token?: string };
    };
    if (!body.backstageIdentity?.token)
      throw new Error(`sign-in as ${userEntityRef}: no token`);
    return body.backstageIdentity.token;
  }

  async sendAlerts(payload: unknown) {
    return this.request(
      'POST',
      '/api/awoooi/alerts/alertmanager',
      undefined,
      payload,
      {
        'x-awoooi-token': this.ingestSecret,
      },
    );
  }

  async request<T = any>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = JSON.parse(text).error?.message ?? text;
      } catch {
        // not JSON
      }
      throw new Error(`${method} ${path}: HTTP ${res.status} ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Polls until `fn` returns a value or the time is up. */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: Error | undefined;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error as Error;
    }
    if (Date.now() > until) {
      throw new Error(
        `timed out waiting for ${what}${
          lastError ? ` (${lastError.message})` : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

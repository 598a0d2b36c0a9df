/** Aborts a model call that took longer than allowed. */
export class LlmTimeoutError extends Error {
  readonly name = 'LlmTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

/** Aborts a model call because the analysis itself was cancelled. */
export class LlmCancelledError extends Error {
  readonly name = 'LlmCancelledError';
  constructor() {
    super('cancelled');
  }
}

/** Why a model call failed, in two grades of detail. */
export interface LlmFailure {
  /** Short and free of any server text: safe for logs (`HTTP 500`, `ECONNREFUSED`). */
  kind: string;
  /** For the analysis notes: the kind plus a trimmed server message. */
  detail: string;
}

const MAX_DETAIL = 160;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

function errorCode(error: unknown): string | undefined {
  for (
    let current: unknown = error, depth = 0;
    current && typeof current === 'object' && depth < 4;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
      return code;
    }
  }
  return undefined;
}

/** OpenAI and Anthropic errors carry `status`, Ollama's `status_code`. */
function httpStatus(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, status_code: statusCode } = error as {
    status?: unknown;
    status_code?: unknown;
  };
  if (typeof status === 'number') return status;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/**
 * Describes a failed model call without leaking what was sent: client
 * libraries report HTTP failures as errors with a numeric status, network
 * failures with a `code` somewhere down the `cause` chain.
 */
export function describeLlmFailure(error: unknown): LlmFailure {
  if (error instanceof LlmTimeoutError || error instanceof LlmCancelledError) {
    return { kind: error.message, detail: error.message };
  }
  const message =
    error instanceof Error ? oneLine(error.message) : oneLine(String(error));
  const status = httpStatus(error);
  if (status !== undefined) {
    const kind = `HTTP ${status}`;
    // SDK messages often repeat the status ("500 Internal Server Error")
    const rest = message.replace(new RegExp(`^${status}\\b:?\\s*`), '');
    return { kind, detail: rest ? `${kind}: ${rest}` : kind };
  }
  const code = errorCode(error);
  if (code) {
    return { kind: code, detail: message ? `${code}: ${message}` : code };
  }
  const kind = error instanceof Error ? error.name : 'error';
  return { kind, detail: message || kind };
}

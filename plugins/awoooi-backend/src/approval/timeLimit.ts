/** Thrown when work did not finish within its time limit. */
export class TimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`No outcome within ${limitMs} ms`);
    this.name = 'TimeLimitError';
  }
}

/**
 * Runs `work` for at most `limitMs`: past it, the signal given to `work` is
 * aborted and this rejects with a TimeLimitError, whether or not the work
 * listens to the signal. A late settlement of the abandoned work is ignored.
 */
export async function withTimeLimit<T>(
  limitMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeLimitError(limitMs));
    }, limitMs);
  });
  const running = work(controller.signal);
  // The loser of the race must not surface as an unhandled rejection.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

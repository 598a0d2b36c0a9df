/** One line of the end-to-end report. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A stuck backend fails a request instead of hanging the run. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `fetch` that gives up after {@link REQUEST_TIMEOUT_MS}. */
export function fetchWithTimeout(
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(url, {
    ...init,
    signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
}

export function errorMessage(error: unknown): string {
  return (error as Error)?.message?.split('\n')[0] ?? String(error);
}

/**
 * The checks a run plans, in report order. Whatever stops the run early (a
 * failed sign-in, a throw, the deadline), every planned check ends up in the
 * report: the ones that never ran count as failed, with the reason.
 */
export class CheckPlan {
  private readonly results = new Map<string, Check>();

  constructor(private readonly planned: readonly string[]) {}

  record(check: Check): void {
    if (!this.planned.includes(check.name))
      throw new Error(`unplanned check '${check.name}'`);
    // The first outcome stands: a late result after the deadline is ignored.
    if (!this.results.has(check.name)) this.results.set(check.name, check);
  }

  /** Runs one check; a throw is its failure. Resolves whether it passed. */
  async run(name: string, fn: () => Promise<string | void>): Promise<boolean> {
    try {
      const detail = await fn();
      this.record({ name, ok: true, detail: detail || undefined });
      return true;
    } catch (error) {
      this.record({ name, ok: false, detail: errorMessage(error) });
      return false;
    }
  }

  /** Records each of `names` not recorded yet as failed for `reason`. */
  notRun(names: readonly string[], reason: string): void {
    for (const name of names)
      this.record({ name, ok: false, detail: `not run: ${reason}` });
  }

  /** Every planned check, in plan order; unrecorded ones failed for `reason`. */
  finish(reason: string): Check[] {
    this.notRun(this.planned, reason);
    return this.planned.map(name => this.results.get(name)!);
  }
}

import type { ScanId } from '@awoooi/plugin-awoooi-common';
import { PrivacyScope } from '@awoooi/plugin-awoooi-node';
import type {
  OperationLogInput,
  OperationLogStore,
} from '@awoooi/plugin-awoooi-node';

/** What one run of a scanner found. */
export interface ScanOutcome {
  counts: Record<string, number>;
  /** Facts worth showing that are not errors (e.g. no Prometheus configured). */
  notes?: string[];
  /**
   * Set when a source failed: the run is recorded as failed with this
   * message, while what the healthy sources gave is kept.
   */
  error?: string;
}

export interface ScanContext {
  runId: number;
  /** Aborted when the run exceeds its timeout or the backend stops. */
  signal: AbortSignal;
  /** The run's clock: every timestamp it writes and every age it measures. */
  now: Date;
}

export interface Scanner {
  readonly id: ScanId;
  run(context: ScanContext): Promise<ScanOutcome>;
}

export const SCANNER_ACTOR = (id: ScanId) => `scanner:${id}`;

/** The message of a failure, for a run record or an error line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A run's error when some sources failed: every message, `; `-separated, so
 * one line names each source that did not answer. None when all answered.
 */
export function sourcesError(errors: string[]): string | undefined {
  return errors.length ? errors.join('; ') : undefined;
}

/**
 * Appends to the operation log in statements small enough for any database,
 * details through the Privacy Shield first (the log's contract): addresses
 * in rule expressions or host names come out as labels.
 */
export async function appendLog(
  log: OperationLogStore,
  entries: OperationLogInput[],
) {
  const scope = new PrivacyScope();
  const redacted = entries.map(e =>
    e.details ? { ...e, details: scope.redactObject(e.details) } : e,
  );
  for (let i = 0; i < redacted.length; i += 100) {
    await log.append(redacted.slice(i, i + 100));
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ScanId } from '@awoooi/plugin-awoooi-common';
import type { ScanSchedule } from '../settings';
import type { ScanRunRecord, ScanRunStore } from '../store/ScanRunStore';
import { describeError, Scanner } from '../types';
import { previousSlot } from './cron';

/** Extra time past the timeout before a run still marked running counts as abandoned. */
const STALE_MARGIN_MS = 60_000;

/**
 * Starts scanner runs, scheduled or manual, and records them. Whether a
 * scanner is running lives in `scan_runs` only, so two instances never run
 * the same scanner at once and a slot runs once.
 */
export class ScanRunner {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      store: ScanRunStore;
      scanners: Map<ScanId, Scanner>;
      schedules: Record<ScanId, ScanSchedule>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  private scanner(scanId: string): Scanner {
    const scanner = this.deps.scanners.get(scanId as ScanId);
    if (!scanner) throw new NotFoundError(`No scanner '${scanId}'`);
    return scanner;
  }

  private staleBefore(scanId: ScanId, now: Date) {
    const { timeoutMs } = this.deps.schedules[scanId];
    return new Date(now.getTime() - timeoutMs - STALE_MARGIN_MS);
  }

  /**
   * Called on every scheduler tick: runs the scanner when its zone's cron has
   * a slot at or before now that no run was made for yet. Only the latest
   * missed slot runs (a backend that was down does not replay a backlog).
   */
  async runDue(
    scanId: ScanId,
    signal?: AbortSignal,
  ): Promise<ScanRunRecord | undefined> {
    const now = this.now();
    const slot = previousSlot(this.deps.schedules[scanId].cron, now);
    if (!slot) return undefined;
    const last = await this.deps.store.lastScheduledSlot(scanId);
    if (last && last.getTime() >= slot.getTime()) return undefined;
    const run = await this.deps.store.claim({
      scanId,
      trigger: 'schedule',
      scheduledFor: slot,
      staleBefore: this.staleBefore(scanId, now),
    });
    // Refused: another instance took the slot, or a manual run is going
    // (then the slot is tried again on the next tick).
    if (!run) return undefined;
    await this.execute(run, signal);
    return this.deps.store.get(run.id);
  }

  /** Starts a run now and returns at once; 409 while the scanner runs. */
  async startManual(
    scanId: string,
    triggeredBy: string,
  ): Promise<ScanRunRecord> {
    const scanner = this.scanner(scanId);
    const now = this.now();
    const run = await this.deps.store.claim({
      scanId: scanner.id,
      trigger: 'manual',
      triggeredBy,
      staleBefore: this.staleBefore(scanner.id, now),
    });
    if (!run) {
      const running = await this.deps.store.running(scanner.id);
      throw new ConflictError(
        `Scanner '${scanId}' is already running${
          running ? ` (run ${running.id}, started ${running.startedAt})` : ''
        }`,
      );
    }
    const done = this.execute(run)
      .catch(error =>
        this.deps.logger.error(
          `Scan ${run.scanId} run ${
            run.id
          } could not be recorded: ${describeError(error)}`,
        ),
      )
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
    return run;
  }

  /** The scanner's run in progress, unless it outlived its timeout (then it is abandoned). */
  async running(scanId: ScanId): Promise<ScanRunRecord | undefined> {
    const run = await this.deps.store.running(scanId);
    const stale = this.staleBefore(scanId, this.now()).toISOString();
    return run && run.startedAt >= stale ? run : undefined;
  }

  /** Resolves when the manual runs started here have finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async execute(run: ScanRunRecord, outer?: AbortSignal) {
    const scanner = this.scanner(run.scanId);
    const { timeoutMs } = this.deps.schedules[run.scanId];
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    const started = Date.now();
    try {
      const outcome = await scanner.run({
        runId: run.id,
        signal,
        now: this.now(),
      });
      await this.deps.store.finish(run.id, {
        status: outcome.error ? 'failed' : 'succeeded',
        counts: { ...outcome.counts, durationMs: Date.now() - started },
        notes: outcome.notes ?? [],
        error: outcome.error ?? null,
      });
      const level = outcome.error ? 'warn' : 'info';
      this.deps.logger[level](
        `Scan ${run.scanId} run ${run.id} ${
          outcome.error ? `failed: ${outcome.error}` : 'succeeded'
        }`,
        { counts: JSON.stringify(outcome.counts) },
      );
    } catch (error) {
      const message = timeout.aborted
        ? `Timed out after ${
            timeoutMs < 1000
              ? `${timeoutMs} ms`
              : `${Math.round(timeoutMs / 1000)} s`
          } (awoooi.scans.${run.scanId}.timeout)`
        : describeError(error);
      this.deps.logger.warn(
        `Scan ${run.scanId} run ${run.id} failed: ${message}`,
      );
      await this.deps.store.finish(run.id, {
        status: 'failed',
        counts: { durationMs: Date.now() - started },
        notes: [],
        error: message,
      });
    }
  }
}

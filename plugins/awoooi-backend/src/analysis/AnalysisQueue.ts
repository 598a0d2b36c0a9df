import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AnalysisQueueStore } from '../database/AnalysisQueueStore';
import type { AnalysisService } from './AnalysisService';

/**
 * Pending analyses live in the database (incidents.analysis_state). Any
 * instance may claim them; a claim older than `claimTimeoutMs` is taken again,
 * so a crash mid-analysis loses nothing. `kick()` runs the queue right after
 * an ingest for low latency; the scheduler task is the backstop.
 */
export class AnalysisQueue {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly queue: AnalysisQueueStore,
    private readonly analysis: AnalysisService,
    private readonly logger: LoggerService,
    private readonly options: {
      claimTimeoutMs: number;
      maxAttempts: number;
    },
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch(error => this.logger.error(`Analysis queue failed: ${error}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Processes everything claimable now; used by the scheduler task and tests. */
  async drain(): Promise<number> {
    let done = 0;
    await this.queue.failExhaustedAnalyses(
      this.options.maxAttempts,
      this.staleBefore(),
    );
    for (;;) {
      // One at a time: an incident that opens meanwhile is claimed next
      // (first analyses go first), not after a claimed batch; and other
      // instances share the rest.
      const [next] = await this.queue.claimPendingAnalyses(
        1,
        this.staleBefore(),
        this.options.maxAttempts,
      );
      if (!next) return done;
      try {
        if (await this.analysis.analyze(next.id, next.version)) done++;
      } catch (error) {
        // Left 'running': retried after the claim timeout, up to maxAttempts.
        this.logger.warn(
          `Analysis of incident ${next.id} failed: ${(error as Error).message}`,
        );
      }
    }
  }

  /** Claims taken before this are considered abandoned. */
  private staleBefore() {
    return new Date(Date.now() - this.options.claimTimeoutMs).toISOString();
  }

  /** Waits for a kicked run to finish (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  incidentChannel,
  IncidentSignal,
  TranscriptKind,
} from '@awoooi/plugin-awoooi-common';
import type { AnalysisStore } from '../database/AnalysisStore';

/**
 * The thinking terminal of one analysis: every step is stored (a late viewer
 * sees the whole transcript) and published live on the incident's signal
 * channel. Model tokens are grouped into lines to keep rows few.
 * Text written here must already be Privacy-Shield output.
 */
export class Reasoning {
  private tokens = '';
  /** Writes run one after another so line numbers follow the order of events. */
  private pending: Promise<void> = Promise.resolve();
  /** The first write that failed; streamed tokens have no caller to throw to. */
  private failure: Error | undefined;
  private seq: number | undefined;

  constructor(
    private readonly incidentId: string,
    private readonly store: AnalysisStore,
    private readonly signals: SignalsService,
  ) {}

  /** Writes a step; throws if this or any earlier line could not be written. */
  async step(text: string, kind: TranscriptKind = 'step') {
    this.flushTokens();
    this.enqueue(kind, text);
    await this.written();
  }

  /** Buffers streamed model output; written at line ends and before the next step. */
  token(text: string): void {
    this.tokens += text;
    const nl = this.tokens.lastIndexOf('\n');
    if (nl < 0 && this.tokens.length < 160) return;
    const cut = nl >= 0 ? nl + 1 : this.tokens.length;
    this.enqueue('token', this.tokens.slice(0, cut));
    this.tokens = this.tokens.slice(cut);
  }

  /** Waits for everything written so far; throws if a line could not be written. */
  async settle() {
    this.flushTokens();
    await this.written();
  }

  private async written() {
    await this.pending;
    if (this.failure) throw this.failure;
  }

  private flushTokens() {
    if (!this.tokens) return;
    this.enqueue('token', this.tokens);
    this.tokens = '';
  }

  private enqueue(kind: TranscriptKind, text: string) {
    // Caught here, so a failed token write is never an unhandled rejection;
    // the analysis learns of it at its next step.
    this.pending = this.pending
      .then(() => this.write(kind, text))
      .catch(error => {
        this.failure ??= error;
      });
  }

  private async write(kind: TranscriptKind, text: string) {
    if (this.seq === undefined)
      this.seq = await this.store.lastTranscriptSeq(this.incidentId);
    const line = { seq: ++this.seq, at: new Date().toISOString(), kind, text };
    await this.store.insertTranscriptLine(this.incidentId, line);
    const message: IncidentSignal = {
      incidentId: this.incidentId,
      type: 'transcript',
      line,
    };
    await this.signals.publish({
      recipients: { type: 'broadcast' },
      channel: incidentChannel(this.incidentId),
      message: JSON.parse(JSON.stringify(message)),
    });
  }
}

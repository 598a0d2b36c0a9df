/**
 * Group commit: work submitted while a batch is running waits and then runs
 * as one batch, so a storm of concurrent webhooks costs a handful of
 * transactions (one correlation lock, one neighbour lookup each) instead of
 * one per webhook. An idle system runs each submission at once, without
 * waiting. A failing batch of several runs again one item at a time, so one
 * bad item fails only its own sender.
 */
export class GroupCommit<I, O> {
  private readonly queue: Array<{
    item: I;
    size: number;
    resolve: (o: O) => void;
    reject: (e: unknown) => void;
  }> = [];
  private running = false;

  /**
   * @param run - does the work of a batch; returns one output per item, in order.
   * @param maxSize - a batch stops growing past this total size (one item always fits).
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxSize: number,
  ) {}

  submit(item: I, size = 1): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, size, resolve, reject });
      if (!this.running) this.drain();
    });
  }

  private async drain() {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runBatch(this.take());
    } finally {
      this.running = false;
    }
  }

  private take() {
    let total = this.queue[0].size;
    let n = 1;
    while (n < this.queue.length && total + this.queue[n].size <= this.maxSize)
      total += this.queue[n++].size;
    return this.queue.splice(0, n);
  }

  private async runBatch(batch: typeof this.queue) {
    try {
      const outputs = await this.run(batch.map(b => b.item));
      batch.forEach((b, i) => b.resolve(outputs[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const b of batch) await this.runBatch([b]);
    }
  }
}

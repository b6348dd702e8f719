export interface GroupCommitOptions<T, R> {
  /**
   * Commits one batch of items that share a key, in one transaction, and returns one result
   * per item in the same order. Throws when nothing was committed.
   */
  commit: (key: string, items: T[]) => Promise<R[]>;
  /** Most items in one batch; what is left waits for the next one. Default 50. */
  maxBatch?: number;
  /**
   * Whether a failed batch of several items may be the fault of one of them (a row the
   * database refused): then each item is committed again on its own, so only that item's
   * caller fails. Otherwise (connection lost, retries exhausted) every caller gets the error.
   */
  isItemFault?: (err: unknown) => boolean;
  /** Told of every batch committed (its size). */
  onBatch?: (size: number) => void;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit per key: items submitted for one key while that key's previous batch is being
 * committed wait, and are then committed together, up to `maxBatch` at a time. One batch per
 * key is under way at a time in this process; different keys run in parallel. No timer: at low
 * load an item is committed as soon as the current turn of the event loop ends (so items that
 * arrived in the same turn share a batch), and batches grow only as fast as the commits are
 * slow (natural batching), which adds no wait a lone item would not have had anyway.
 */
export class GroupCommit<T, R> {
  private readonly queues = new Map<string, Pending<T, R>[]>();
  private readonly maxBatch: number;

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    this.maxBatch = options.maxBatch ?? 50;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) {
      throw new Error(`maxBatch must be a positive integer, got ${this.maxBatch}`);
    }
  }

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      setImmediate(() => void this.drain(key));
    });
  }

  /** Keys with a batch under way or waiting (0 when idle). */
  get activeKeys(): number {
    return this.queues.size;
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      await this.commitBatch(key, batch);
    }
    this.queues.delete(key);
  }

  private async commitBatch(key: string, batch: Pending<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.options.commit(
        key,
        batch.map((p) => p.item),
      );
    } catch (err) {
      if (batch.length > 1 && (this.options.isItemFault?.(err) ?? false)) {
        // Which row was refused is unknown: commit each alone, in order, so the others get
        // their numbers and only the faulty caller its error.
        for (const p of batch) await this.commitBatch(key, [p]);
        return;
      }
      for (const p of batch) p.reject(err);
      return;
    }
    if (results.length !== batch.length) {
      // A bug in `commit`; what it committed cannot be matched to the callers.
      const err = new Error(`commit returned ${results.length} results for ${batch.length} items`);
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
    try {
      this.options.onBatch?.(batch.length);
    } catch {
      // A metrics callback must not stop the queue of this key.
    }
  }
}

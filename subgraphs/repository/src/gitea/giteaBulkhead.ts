export interface GiteaBulkheadOptions {
  /** Gitea calls in flight at once from this process (`GITEA_MAX_CONCURRENCY`). */
  maxConcurrent: number;
  /** Calls that may wait for a slot; beyond that a call is refused at once (`GITEA_MAX_QUEUED`). */
  maxQueued: number;
}

/** Why the bulkhead did not run a call: its queue was full, or the call's deadline passed while queued. */
export class BulkheadRejected extends Error {
  constructor(readonly reason: 'queue_full' | 'queue_timeout') {
    super(
      reason === 'queue_full'
        ? 'too many concurrent Gitea calls'
        : 'no Gitea call slot became free in time',
    );
    this.name = 'BulkheadRejected';
  }
}

interface Waiter {
  grant: () => void;
}

/**
 * Bounds concurrent Gitea calls so one client's burst waits (a small queue) or is refused,
 * instead of piling hundreds of calls onto Gitea and tripping the breaker for everyone. A queued
 * call gives up when its own deadline (`signal`) passes. (cockatiel's `bulkhead` keeps a call
 * whose signal aborted in its queue until a slot frees, and then stops dequeuing.)
 */
export class GiteaBulkhead {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly options: GiteaBulkheadOptions) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.queue.length;
  }

  async run<T>(fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.active >= this.options.maxConcurrent) await this.waitForSlot(signal);
    else this.active += 1;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Resolves once a slot has been handed to this call (`active` already counts it). */
  private waitForSlot(signal: AbortSignal): Promise<void> {
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new BulkheadRejected('queue_full'));
    }
    if (signal.aborted) return Promise.reject(new BulkheadRejected('queue_timeout'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(new BulkheadRejected('queue_timeout'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    // The slot passes straight to the next waiter: `active` stays the same.
    if (next) next.grant();
    else this.active -= 1;
  }
}

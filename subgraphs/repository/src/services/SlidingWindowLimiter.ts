export interface SlidingWindowOptions {
  /** Attempts allowed per key inside the window. */
  max: number;
  windowMs: number;
  /** Keys remembered at most (the least recently touched go first). */
  maxKeys?: number;
  now?: () => number;
}

/**
 * Counts events per key over a sliding window, in memory. An attempt is recorded *before* the
 * work it guards, so concurrent attempts cannot all slip through under the limit; the caller
 * releases the attempt when it turns out not to count (a successful login).
 */
export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: SlidingWindowOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const events = this.current(key);
    if (events.length < this.options.max) return 0;
    return events[events.length - this.options.max]! + this.options.windowMs - this.now();
  }

  /** Records one attempt for each key and returns it, for `release`. */
  record(keys: string[]): number {
    const at = this.now();
    for (const key of keys) {
      const events = this.current(key);
      events.push(at);
      this.events.delete(key);
      this.events.set(key, events);
    }
    this.evict();
    return at;
  }

  /** Takes back an attempt recorded at `at` (it did not count). */
  release(keys: string[], at: number): void {
    for (const key of keys) {
      const events = this.events.get(key);
      const index = events?.lastIndexOf(at) ?? -1;
      if (events && index >= 0) events.splice(index, 1);
      if (events?.length === 0) this.events.delete(key);
    }
  }

  /** Forgets a key (e.g. a user's failures after they signed in). */
  reset(key: string): void {
    this.events.delete(key);
  }

  private current(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const events = (this.events.get(key) ?? []).filter((t) => t > since);
    if (events.length === 0) this.events.delete(key);
    else this.events.set(key, events);
    return events;
  }

  private evict(): void {
    const maxKeys = this.options.maxKeys ?? 50_000;
    while (this.events.size > maxKeys) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
    }
  }
}

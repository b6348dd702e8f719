/** A value a queued promise may resolve to in order to be left out of the stream. */
export const SKIP: unique symbol = Symbol('AsyncQueue.skip');
export type Skip = typeof SKIP;

export interface AsyncQueueOptions {
  /** Items waiting for a slow consumer before the stream fails with `overflowError()`. */
  highWaterMark?: number;
  overflowError?: () => unknown;
  /** Runs once when the stream stops: the consumer returned, or drained an ended/failed stream. */
  onClose?: () => void | Promise<void>;
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/**
 * A push-to-pull stream with one consumer (`for await`, graphql-ws, graphql-js). Items may be
 * promises: they settle concurrently but are yielded in push order. `return()` ends the stream
 * at once even while `next()` is waiting, which an async generator cannot do (its `return()`
 * queues behind the pending `await`), so nothing stays subscribed after a client leaves.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T, undefined> {
  private readonly items: (T | PromiseLike<T | Skip>)[] = [];
  private wake?: () => void;
  private state: 'open' | 'ending' | 'closed' = 'open';
  private failure?: { error: unknown };

  constructor(private readonly options: AsyncQueueOptions = {}) {}

  /** Items waiting to be consumed. */
  get size(): number {
    return this.items.length;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Queues `item`; false when the stream no longer takes items. */
  push(item: T | PromiseLike<T | Skip>): boolean {
    if (this.state !== 'open') return false;
    const limit = this.options.highWaterMark;
    if (limit !== undefined && this.items.length >= limit) {
      this.items.length = 0;
      this.fail(this.options.overflowError?.() ?? new Error('The consumer is too slow'));
      return false;
    }
    if (isPromiseLike(item)) {
      // Rejections are reported by next(), in order; until then they must not count as unhandled.
      Promise.resolve(item).catch(() => undefined);
    }
    this.items.push(item);
    this.notify();
    return true;
  }

  /** The consumer gets what is queued, then the end. */
  end(): void {
    if (this.state !== 'open') return;
    this.state = 'ending';
    this.notify();
  }

  /** The consumer gets what is queued, then `error` is thrown from `next()`. */
  fail(error: unknown): void {
    if (this.state !== 'open') return;
    this.failure = { error };
    this.state = 'ending';
    this.notify();
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.state === 'closed') return DONE;
      if (this.items.length > 0) {
        const item = this.items.shift() as T | PromiseLike<T | Skip>;
        let value: T | Skip;
        try {
          value = await item;
        } catch (err) {
          await this.close();
          throw err;
        }
        if (this.closed) return DONE;
        if (value === SKIP) continue;
        return { done: false, value };
      }
      if (this.state === 'ending') {
        const failure = this.failure;
        await this.close();
        if (failure) throw failure.error;
        return DONE;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return DONE;
  }

  async throw(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return DONE;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.items.length = 0;
    this.notify();
    await this.options.onClose?.();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

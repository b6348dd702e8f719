import { DomainError } from '@gitforge/errors';
import { SKIP, type Skip, type Unsubscribe } from '@gitforge/pubsub';
import type { IssueEvent } from './issueEvents';
import type { IssueEventStore } from './issueOutbox';

export interface ResumableStreamOptions<T> {
  store: IssueEventStore;
  repository: string;
  /** The sequence the subscriber has seen last: replay what follows. Unset: live only. */
  after?: number;
  /** What the subscriber gets for an event (access decided per event), or SKIP. */
  deliver: (event: IssueEvent) => Promise<T | Skip>;
  /**
   * Live events held while the subscriber reads slower than they come (or while it catches up);
   * past this they are dropped and read back from the outbox instead, so memory stays bounded
   * and nothing is lost.
   */
  maxBuffered?: number;
  /** Events read from the outbox at a time. */
  pageSize?: number;
  /** Runs once when the stream ends. */
  onClose?: () => void;
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

export const cursorExpired = () =>
  new DomainError(
    'CURSOR_EXPIRED',
    'The events after this cursor are older than the retention and were deleted: reload the ' +
      'current state and subscribe again without `after`.',
    'after',
  );

/**
 * One repository's events for one subscriber, in sequence order, each exactly once: the outbox
 * after `after` first (read page by page as the subscriber pulls), then the live events of the
 * bus, which the caller subscribed to BEFORE the first read (so nothing falls between). Live
 * events already replayed are dropped by sequence; a live event whose sequence skips ahead (a
 * lost message, a publisher that died between commit and publish) has the missing ones read
 * from the outbox first, which holds every committed event up to it: its commit came after
 * theirs (the stream row's lock, issueOutbox.ts). Events the outbox no longer has (pruned) end
 * the stream with CURSOR_EXPIRED rather than a silent gap.
 */
export class ResumableEventStream<T> implements AsyncIterableIterator<T, undefined> {
  /** The next sequence to deliver; unknown until the first live event without `after`. */
  private wanted?: number;
  /** Read the outbox until it has nothing more (replay, or after dropping live events). */
  private catchingUp: boolean;
  private backlog: IssueEvent[] = [];
  private live: IssueEvent[] = [];
  private wake?: () => void;
  private closed = false;
  private unsubscribe?: Unsubscribe;
  private readonly maxBuffered: number;
  private readonly pageSize: number;

  constructor(private readonly options: ResumableStreamOptions<T>) {
    this.wanted = options.after === undefined ? undefined : options.after + 1;
    this.catchingUp = options.after !== undefined;
    this.maxBuffered = options.maxBuffered ?? 1000;
    this.pageSize = options.pageSize ?? 200;
  }

  /** The bus subscription's end (`return()` calls it). */
  attach(unsubscribe: Unsubscribe): void {
    this.unsubscribe = unsubscribe;
  }

  /** A live event from the bus (the listener). */
  push(event: IssueEvent): void {
    if (this.closed) return;
    if (this.live.length >= this.maxBuffered) {
      // The outbox has them all: drop what is held and read it back when the reader gets there.
      this.wanted ??= this.live[0]?.sequence ?? event.sequence;
      this.live.length = 0;
      this.catchingUp = true;
    }
    this.live.push(event);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /**
   * The bus may have lost messages (its connection dropped): read the outbox from the wanted
   * sequence on, so even the last event before the loss arrives without waiting for a later one.
   */
  catchUp(): void {
    if (this.closed || this.wanted === undefined) return;
    this.catchingUp = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Live events held now (tests, metrics). */
  get buffered(): number {
    return this.live.length;
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    try {
      for (;;) {
        if (this.closed) return DONE;
        const event = await this.nextInOrder();
        if (!event) continue;
        this.wanted = event.sequence + 1;
        const delivered = await this.options.deliver(event);
        if (this.closed) return DONE;
        if (delivered !== SKIP) return { done: false, value: delivered };
      }
    } catch (err) {
      await this.close();
      throw err;
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

  /** The event with the wanted sequence, or undefined after a step that made progress. */
  private async nextInOrder(): Promise<IssueEvent | undefined> {
    const queued = this.backlog.shift();
    if (queued) return queued;
    if (this.catchingUp) {
      const page = await this.read();
      if (page.length < this.pageSize) this.catchingUp = false;
      this.backlog.push(...page);
      return undefined;
    }
    const live = this.live.shift();
    if (!live) {
      await new Promise<void>((resolve) => (this.wake = resolve));
      return undefined;
    }
    this.wanted ??= live.sequence;
    if (live.sequence < this.wanted) return undefined; // already delivered (replayed)
    if (live.sequence > this.wanted) {
      // A gap: the events before this one are committed; read them, then this one.
      const missing = await this.read(live.sequence);
      if (missing.length === 0) throw cursorExpired();
      this.backlog.push(...missing);
      this.live.unshift(live);
      return undefined;
    }
    return live;
  }

  /** The next page of the outbox from the wanted sequence (before `before`), without holes. */
  private async read(before?: number): Promise<IssueEvent[]> {
    const from = this.wanted!;
    const limit = before === undefined ? this.pageSize : Math.min(before - from, this.pageSize);
    const page = await this.options.store.read(this.options.repository, from, { before, limit });
    page.forEach((event, i) => {
      // Pruned under the reader (retention): the events it still needs are gone.
      if (event.sequence !== from + i) throw cursorExpired();
    });
    return page;
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.live.length = 0;
    this.backlog.length = 0;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    this.options.onClose?.();
    await this.unsubscribe?.();
  }
}

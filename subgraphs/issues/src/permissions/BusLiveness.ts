import { randomUUID } from 'node:crypto';
import type { Logger } from '@gitforge/logging';
import type { PubSub, Unsubscribe } from '@gitforge/pubsub';

/**
 * Each issues process's heartbeats, to itself, through the bus the repository changes take; one
 * channel per process (`<this>.<instance id>`), so no process receives another's.
 */
export const PERMISSION_HEARTBEAT_CHANNEL = 'issues.permissions.heartbeat';

export interface BusLivenessOptions {
  /**
   * Heartbeat period; default 150 ms, shorter than a Redis reconnect (ioredis waits 200 ms before
   * its first attempt), so a reconnect loses at least one. About 7 ms of CPU a second.
   */
  intervalMs?: number;
  /**
   * Not live once this many heartbeats sent since the last one came back are missing; default
   * 5. Counted in heartbeats, not time: a process too busy to run its timers sends none either,
   * so a stalled event loop is not taken for a lost bus.
   */
  maxOutstanding?: number;
  /** Runs when a message may have been lost: drop everything decided from the bus. */
  onLost: () => void;
  logger?: Logger;
}

/**
 * Whether every message published on the bus reaches this process right now. The bus says
 * nothing when its subscriber connection drops and comes back (messages published meanwhile are
 * lost for good), so the process publishes numbered heartbeats to itself: live while they keep
 * coming back in order; one missing (a gap in the numbers) or `maxOutstanding` unanswered means a
 * change may have been lost → `onLost`, and not live until the next one arrives. On the
 * in-process bus it is live from the first heartbeat on.
 */
export class BusLiveness {
  private readonly instance = randomUUID();
  private readonly intervalMs: number;
  /** This process's heartbeat channel. */
  readonly channel: string;
  private readonly maxOutstanding: number;
  private sent = 0;
  private received = 0;
  private live_ = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: Unsubscribe;
  private subscribing = false;

  constructor(
    private readonly pubsub: PubSub,
    private readonly options: BusLivenessOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 150;
    this.channel = `${PERMISSION_HEARTBEAT_CHANNEL}.${this.instance}`;
    this.maxOutstanding = options.maxOutstanding ?? 5;
  }

  live(): boolean {
    return this.live_ && this.sent - this.received <= this.maxOutstanding;
  }

  /** Subscribes (retried by the ticks until it succeeds) and starts the heartbeat. */
  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
    this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.lose();
    await this.unsubscribe?.();
  }

  private tick(): void {
    if (!this.unsubscribe) {
      if (!this.subscribing) {
        this.subscribing = true;
        this.pubsub
          .subscribe(this.channel, (message) => this.beat(message))
          .then((unsubscribe) => (this.unsubscribe = unsubscribe))
          .catch(() => undefined)
          .finally(() => (this.subscribing = false));
      }
      return;
    }
    if (this.live_ && this.sent - this.received > this.maxOutstanding) {
      this.options.logger?.warn('the bus stopped answering: deciding permissions by asking');
      this.lose();
    }
    this.sent += 1;
    // A heartbeat that cannot be published leaves a gap in the numbers: seen as lost.
    this.pubsub.publish(this.channel, { seq: this.sent }).catch(() => undefined);
  }

  private beat(message: unknown): void {
    const { seq } = (message ?? {}) as { seq?: unknown };
    if (typeof seq !== 'number') return;
    const inOrder = seq === this.received + 1;
    this.received = seq;
    if (!inOrder) {
      if (this.live_) this.options.logger?.warn('the bus lost a heartbeat: forgetting decisions');
      this.lose();
      return;
    }
    this.live_ = true;
  }

  private lose(): void {
    this.live_ = false;
    this.options.onLost();
  }
}

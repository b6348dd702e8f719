import type { Logger } from '@gitforge/logging';
import { ListenerRegistry } from './ListenerRegistry';
import type { Listener, PubSub, Unsubscribe } from './PubSub';

/**
 * The single-process bus (the default without `REDIS_URL`). Messages go through JSON like on
 * Redis, and are delivered on a later tick, so code behaves the same on both.
 */
export class InMemoryPubSub implements PubSub {
  readonly kind = 'memory';
  private readonly listeners = new ListenerRegistry();
  private closed = false;

  constructor(private readonly logger?: Logger) {}

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.closed) throw new Error('pub/sub is closed');
    const payload = JSON.stringify(message);
    setImmediate(() => {
      if (!this.listeners.has(channel)) return;
      this.listeners.deliver(channel, JSON.parse(payload), (err) =>
        this.logger?.error({ err, channel }, 'pub/sub listener failed'),
      );
    });
  }

  async subscribe(channel: string, listener: Listener): Promise<Unsubscribe> {
    if (this.closed) throw new Error('pub/sub is closed');
    this.listeners.add(channel, listener);
    return async () => {
      this.listeners.remove(channel, listener);
    };
  }

  listenerCount(channel?: string): number {
    return this.listeners.count(channel);
  }

  async check(): Promise<void> {
    if (this.closed) throw new Error('pub/sub is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}

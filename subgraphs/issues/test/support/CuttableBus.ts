import { InMemoryPubSub, type Listener, type PubSub, type Unsubscribe } from '@gitforge/pubsub';

/**
 * The in-process bus with a cut: while `cut` is set, or for the next `dropNext` messages,
 * published messages are lost for every listener (as when a process's Redis subscription drops
 * and comes back: nothing is replayed).
 */
export class CuttableBus implements PubSub {
  readonly kind = 'memory';
  cut = false;
  private toDrop = 0;
  private readonly inner = new InMemoryPubSub();

  dropNext(count: number): void {
    this.toDrop += count;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.cut) return;
    if (this.toDrop > 0) {
      this.toDrop -= 1;
      return;
    }
    await this.inner.publish(channel, message);
  }

  subscribe(channel: string, listener: Listener): Promise<Unsubscribe> {
    return this.inner.subscribe(channel, listener);
  }

  listenerCount(channel?: string): number {
    return this.inner.listenerCount(channel);
  }

  check(): Promise<void> {
    return this.inner.check();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

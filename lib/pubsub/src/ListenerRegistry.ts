import type { Listener } from './PubSub';

/** Listeners per channel, shared by the bus implementations. */
export class ListenerRegistry {
  private readonly byChannel = new Map<string, Set<Listener>>();
  private total = 0;

  /** Adds `listener`; true when it is the channel's first. */
  add(channel: string, listener: Listener): boolean {
    let listeners = this.byChannel.get(channel);
    const first = !listeners;
    if (!listeners) {
      listeners = new Set();
      this.byChannel.set(channel, listeners);
    }
    if (!listeners.has(listener)) {
      listeners.add(listener);
      this.total += 1;
    }
    return first;
  }

  /** Removes `listener`; true when the channel has none left. */
  remove(channel: string, listener: Listener): boolean {
    const listeners = this.byChannel.get(channel);
    if (!listeners?.delete(listener)) return false;
    this.total -= 1;
    if (listeners.size > 0) return false;
    this.byChannel.delete(channel);
    return true;
  }

  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }

  count(channel?: string): number {
    return channel === undefined ? this.total : (this.byChannel.get(channel)?.size ?? 0);
  }

  /** Calls every listener of `channel`; one that throws does not stop the others. */
  deliver(channel: string, message: unknown, onError: (err: unknown) => void): void {
    const listeners = this.byChannel.get(channel);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (err) {
        onError(err);
      }
    }
  }

  clear(): void {
    this.byChannel.clear();
    this.total = 0;
  }
}

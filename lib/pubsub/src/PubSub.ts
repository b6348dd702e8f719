/** Receives one published message; the value is shared by every listener, so treat it as read-only. */
export type Listener = (message: unknown) => void;

/** Stops one listener; resolves once the bus no longer delivers to it. */
export type Unsubscribe = () => Promise<void>;

/**
 * The publish/subscribe port services use for live events. Messages are JSON values. A message
 * published by any process sharing the bus reaches every listener of its channel exactly once
 * (while the bus is up: nothing is stored for listeners that are not subscribed at the time).
 */
export interface PubSub {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves when `listener` is registered and will receive every later message. */
  subscribe(channel: string, listener: Listener): Promise<Unsubscribe>;
  /** Listeners registered in this process, on `channel` or on all channels. */
  listenerCount(channel?: string): number;
  /** Throws when the bus cannot be used (readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}

import { Redis } from 'ioredis';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { ListenerRegistry } from './ListenerRegistry';
import type { Listener, PubSub, Unsubscribe } from './PubSub';

export interface RedisPubSubOptions {
  url: string;
  /** Prepended to every channel name on Redis, so several deployments can share one server. */
  prefix?: string;
  logger?: Logger;
}

/**
 * The bus across processes: every publisher writes to Redis and every process receives from
 * Redis only (never also locally), so each listener sees each message exactly once however many
 * replicas publish. One connection publishes, one subscribes; a Redis channel is subscribed
 * while this process has at least one listener on it. ioredis reconnects and resubscribes by
 * itself; messages published while a process is cut off from Redis are not replayed.
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis';
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly listeners = new ListenerRegistry();
  private readonly subscribed = new Set<string>();
  /** The last subscribe/unsubscribe in flight per channel: changes to one channel run in order. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private lastError?: string;
  private closed = false;

  constructor(private readonly options: RedisPubSubOptions) {
    this.prefix = options.prefix ?? 'gitforge:';
    this.publisher = new Redis(options.url, {
      connectionName: 'gitforge-publish',
      // A command waits this many reconnect attempts before failing (default 20 is ~minutes).
      maxRetriesPerRequest: 3,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    });
    this.subscriber = this.publisher.duplicate({ connectionName: 'gitforge-subscribe' });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (err: Error) => this.reportError(err));
      connection.on('ready', () => {
        if (this.lastError) options.logger?.info('redis pub/sub connected again');
        this.lastError = undefined;
      });
    }
    this.subscriber.on('message', (key: string, payload: string) => this.receive(key, payload));
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.closed) throw new Error('pub/sub is closed');
    try {
      await this.publisher.publish(this.prefix + channel, JSON.stringify(message));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async subscribe(channel: string, listener: Listener): Promise<Unsubscribe> {
    if (this.closed) throw new Error('pub/sub is closed');
    this.listeners.add(channel, listener);
    try {
      await this.sync(channel);
    } catch (err) {
      if (this.listeners.remove(channel, listener)) this.sync(channel).catch(() => undefined);
      throw unavailable(err);
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      if (this.listeners.remove(channel, listener) && !this.closed) {
        await this.sync(channel).catch((err: unknown) =>
          this.options.logger?.warn({ err, channel }, 'redis unsubscribe failed'),
        );
      }
    };
  }

  listenerCount(channel?: string): number {
    return this.listeners.count(channel);
  }

  async check(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await Promise.all(
      [this.subscriber, this.publisher].map((connection) =>
        connection.quit().catch(() => connection.disconnect()),
      ),
    );
  }

  /** Brings the Redis subscription of `channel` in line with its listeners, after earlier changes. */
  private sync(channel: string): Promise<void> {
    const key = this.prefix + channel;
    const previous = this.inFlight.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wanted = this.listeners.has(channel);
        if (wanted && !this.subscribed.has(key)) {
          await this.subscriber.subscribe(key);
          this.subscribed.add(key);
        } else if (!wanted && this.subscribed.has(key)) {
          this.subscribed.delete(key);
          await this.subscriber.unsubscribe(key);
        }
      });
    this.inFlight.set(channel, next);
    next
      .finally(() => {
        if (this.inFlight.get(channel) === next) this.inFlight.delete(channel);
      })
      .catch(() => undefined);
    return next;
  }

  private receive(key: string, payload: string): void {
    if (!key.startsWith(this.prefix)) return;
    const channel = key.slice(this.prefix.length);
    if (!this.listeners.has(channel)) return;
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch (err) {
      this.options.logger?.warn({ err, channel }, 'dropped a pub/sub message that is not JSON');
      return;
    }
    this.listeners.deliver(channel, message, (err) =>
      this.options.logger?.error({ err, channel }, 'pub/sub listener failed'),
    );
  }

  private reportError(err: Error): void {
    // ioredis reports every failed reconnect attempt; log each distinct failure once.
    if (err.message === this.lastError) return;
    this.lastError = err.message;
    this.options.logger?.warn({ err: err.message }, 'redis pub/sub connection failed; retrying');
  }
}

function unavailable(err: unknown): DomainError {
  const reason = err instanceof Error ? err.message : String(err);
  return new DomainError('UPSTREAM_UNAVAILABLE', `The event bus is unavailable (${reason})`);
}

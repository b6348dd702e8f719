import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '@gitforge/logging';

/**
 * Per-user session versions: every session JWT carries the version its user had when it was
 * signed (`sv`), and is refused once the version has moved on (`logoutEverywhere`).
 */
export interface SessionVersions {
  /** The current version of `login` (0 until their sessions are first ended). */
  current(login: string): number | Promise<number>;
  /** Ends every session of `login` signed so far; returns the new version. */
  endAll(login: string): Promise<number>;
  close(): Promise<void>;
}

const MAX_CACHED = 100_000;

/** Without Redis: this process only (one replica, or tests). */
export class InProcessSessionVersions implements SessionVersions {
  private readonly versions = new Map<string, number>();

  current(login: string): number {
    return this.versions.get(login.toLowerCase()) ?? 0;
  }

  async endAll(login: string): Promise<number> {
    const key = login.toLowerCase();
    const next = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, next);
    return next;
  }

  async close(): Promise<void> {}
}

const bumpMessage = z.object({ login: z.string().min(1), version: z.number().int().positive() });

export interface RedisSessionVersionsOptions {
  url: string;
  /** Prepended to the key and channel names, so several deployments can share one server. */
  prefix?: string;
  logger?: Logger;
}

/**
 * Versions kept in Redis (`INCR` on `endAll`) and announced on a channel. Each process caches
 * what it has read and updates the cache from the announcements, so checking a token costs a
 * Map lookup after the first request of a user. While the subscription is down nothing is
 * cached (every check reads Redis); if Redis cannot be read, the last known version is used
 * (sessions keep working through a Redis outage; a logout made during it is applied once the
 * announcement or the next read gets through).
 */
export class RedisSessionVersions implements SessionVersions {
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly cache = new Map<string, number>();
  private readonly channel: string;
  private readonly keyPrefix: string;
  private live = false;
  private readonly ready: Promise<void>;

  constructor(private readonly options: RedisSessionVersionsOptions) {
    const prefix = options.prefix ?? 'gitforge:';
    this.channel = `${prefix}session-version`;
    this.keyPrefix = `${prefix}session-version:`;
    this.commands = new Redis(options.url, {
      connectionName: 'gitforge-session-versions',
      // A check waits for one reconnect attempt at most, then uses the last known version.
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    });
    this.subscriber = this.commands.duplicate({ connectionName: 'gitforge-session-versions-sub' });
    const report = (err: Error) => options.logger?.debug({ err }, 'session versions: Redis error');
    this.commands.on('error', report);
    this.subscriber.on('error', report);
    // Announcements missed while disconnected: forget everything cached.
    this.subscriber.on('close', () => {
      this.live = false;
      this.cache.clear();
    });
    this.subscriber.on('message', (_channel: string, payload: string) => this.receive(payload));
    this.ready = this.subscriber.subscribe(this.channel).then(
      () => undefined,
      (err: unknown) => options.logger?.warn({ err }, 'session versions: subscribe failed'),
    );
    this.subscriber.on('ready', () => {
      this.cache.clear();
      this.live = true;
    });
  }

  /** Resolves once announcements are being received (tests, start-up). */
  async whenLive(): Promise<void> {
    await this.ready;
  }

  async current(login: string): Promise<number> {
    const user = login.toLowerCase();
    const cached = this.cache.get(user);
    if (cached !== undefined && this.live) return cached;
    let version: number;
    try {
      version = Number((await this.commands.get(this.keyPrefix + user)) ?? 0);
    } catch (err) {
      this.options.logger?.warn({ err }, 'session versions: Redis unavailable, using last known');
      return cached ?? 0;
    }
    this.remember(user, version);
    return Math.max(version, this.cache.get(user) ?? 0);
  }

  async endAll(login: string): Promise<number> {
    const user = login.toLowerCase();
    const version = await this.commands.incr(this.keyPrefix + user);
    this.remember(user, version);
    await this.commands.publish(this.channel, JSON.stringify({ login: user, version }));
    return version;
  }

  async close(): Promise<void> {
    this.live = false;
    this.subscriber.disconnect();
    this.commands.disconnect();
  }

  private receive(payload: string): void {
    let parsed: z.infer<typeof bumpMessage>;
    try {
      parsed = bumpMessage.parse(JSON.parse(payload));
    } catch (err) {
      this.options.logger?.warn({ err }, 'session versions: malformed announcement ignored');
      return;
    }
    this.remember(parsed.login, parsed.version);
  }

  /** Versions only move forward: a late read never undoes an announcement. */
  private remember(user: string, version: number): void {
    if (!this.live) return;
    const known = this.cache.get(user) ?? 0;
    this.cache.delete(user);
    this.cache.set(user, Math.max(known, version));
    if (this.cache.size > MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

/** Redis-backed when `redisUrl` is set, else this process only. */
export function createSessionVersions(options: {
  redisUrl?: string;
  logger?: Logger;
}): SessionVersions {
  return options.redisUrl
    ? new RedisSessionVersions({ url: options.redisUrl, logger: options.logger })
    : new InProcessSessionVersions();
}

import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '@gitforge/logging';
import { DataDirSessionVersions } from './dataDirSessionVersions';

/**
 * Which sessions have ended before their `exp`. Every session JWT carries the version its user
 * had when it was signed (`sv`), and is refused once the version has moved on
 * (`logoutEverywhere`); a session signed out on its own (`logout`) is refused by its id (`jti`)
 * until it would have expired anyway.
 */
export interface SessionVersions {
  /** The current version of `login` (0 until their sessions are first ended). */
  current(login: string): number | Promise<number>;
  /** Ends every session of `login` signed so far; returns the new version. */
  endAll(login: string): Promise<number>;
  /** Whether the session with this `jti` was ended. */
  isRevoked(sessionId: string): boolean | Promise<boolean>;
  /** Ends one session; `expiresAt` (epoch ms) is when it would have ended by itself. */
  revoke(sessionId: string, expiresAt: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_CACHED = 100_000;

/** Drops entries whose expiry has passed, and the oldest beyond the bound. */
function prune(revoked: Map<string, number>, now: number): void {
  for (const [id, until] of revoked) if (until <= now) revoked.delete(id);
  while (revoked.size > MAX_CACHED) {
    const oldest = revoked.keys().next().value;
    if (oldest === undefined) break;
    revoked.delete(oldest);
  }
}

/** Without Redis: this process only (one replica, or tests). */
export class InProcessSessionVersions implements SessionVersions {
  private readonly versions = new Map<string, number>();
  private readonly revoked = new Map<string, number>();

  current(login: string): number {
    return this.versions.get(login.toLowerCase()) ?? 0;
  }

  async endAll(login: string): Promise<number> {
    const key = login.toLowerCase();
    const next = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, next);
    return next;
  }

  isRevoked(sessionId: string): boolean {
    return (this.revoked.get(sessionId) ?? 0) > Date.now();
  }

  async revoke(sessionId: string, expiresAt: number): Promise<void> {
    this.revoked.set(sessionId, expiresAt);
    prune(this.revoked, Date.now());
  }

  async close(): Promise<void> {}
}

const announcement = z.union([
  z.object({ login: z.string().min(1), version: z.number().int().positive() }),
  z.object({ revoked: z.string().min(1), until: z.number() }),
]);

export interface RedisSessionVersionsOptions {
  url: string;
  /** Prepended to the key and channel names, so several deployments can share one server. */
  prefix?: string;
  logger?: Logger;
}

/**
 * Kept in Redis (a counter per user, a sorted set of ended session ids scored by expiry) and
 * announced on a channel. Each process caches what it has read and follows the announcements,
 * so checking a token costs a Map lookup after the first request of a user. While the
 * subscription is down nothing is cached (every check reads Redis); if Redis cannot be read,
 * the last known answer is used (sessions keep working through a Redis outage; a logout made
 * during it applies once the announcement or the next read gets through).
 */
export class RedisSessionVersions implements SessionVersions {
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly versions = new Map<string, number>();
  private readonly revoked = new Map<string, number>();
  private readonly channel: string;
  private readonly versionPrefix: string;
  private readonly revokedKey: string;
  private live = false;
  private closed = false;
  private readonly subscribed: Promise<void>;

  constructor(private readonly options: RedisSessionVersionsOptions) {
    const prefix = options.prefix ?? 'gitforge:';
    this.channel = `${prefix}sessions`;
    this.versionPrefix = `${prefix}session-version:`;
    this.revokedKey = `${prefix}sessions-revoked`;
    this.commands = new Redis(options.url, {
      connectionName: 'gitforge-sessions',
      // A check waits for one reconnect attempt at most, then uses the last known answer.
      maxRetriesPerRequest: 1,
      // null once closed: a reconnect timer pending at close would otherwise keep running.
      retryStrategy: (attempt) => (this.closed ? null : Math.min(100 * 2 ** attempt, 2000)),
    });
    this.subscriber = this.commands.duplicate({ connectionName: 'gitforge-sessions-sub' });
    const report = (err: Error) => options.logger?.debug({ err }, 'sessions: Redis error');
    this.commands.on('error', report);
    this.subscriber.on('error', report);
    // Announcements missed while disconnected: forget everything cached.
    this.subscriber.on('close', () => {
      this.live = false;
      this.versions.clear();
    });
    this.subscriber.on('message', (_channel: string, payload: string) => this.receive(payload));
    this.subscribed = this.subscriber.subscribe(this.channel).then(() => this.reload());
    this.subscribed.catch((err: unknown) =>
      options.logger?.warn({ err }, 'sessions: subscribe failed'),
    );
    this.subscriber.on('ready', () => {
      if (!this.live) void this.reload().catch(report);
    });
  }

  /** Resolves once announcements are being received (tests, start-up). */
  async whenLive(): Promise<void> {
    await this.subscribed;
  }

  async current(login: string): Promise<number> {
    const user = login.toLowerCase();
    const cached = this.versions.get(user);
    if (cached !== undefined && this.live) return cached;
    let version: number;
    try {
      version = Number((await this.commands.get(this.versionPrefix + user)) ?? 0);
    } catch (err) {
      this.options.logger?.warn({ err }, 'sessions: Redis unavailable, using last known');
      return cached ?? 0;
    }
    this.remember(user, version);
    return Math.max(version, this.versions.get(user) ?? 0);
  }

  async endAll(login: string): Promise<number> {
    const user = login.toLowerCase();
    const version = await this.commands.incr(this.versionPrefix + user);
    this.remember(user, version);
    await this.commands.publish(this.channel, JSON.stringify({ login: user, version }));
    return version;
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    if (this.live) return (this.revoked.get(sessionId) ?? 0) > Date.now();
    try {
      const until = await this.commands.zscore(this.revokedKey, sessionId);
      return until !== null && Number(until) > Date.now();
    } catch {
      return (this.revoked.get(sessionId) ?? 0) > Date.now();
    }
  }

  async revoke(sessionId: string, expiresAt: number): Promise<void> {
    this.revoked.set(sessionId, expiresAt);
    await this.commands
      .multi()
      .zadd(this.revokedKey, expiresAt, sessionId)
      .zremrangebyscore(this.revokedKey, '-inf', Date.now())
      .publish(this.channel, JSON.stringify({ revoked: sessionId, until: expiresAt }))
      .exec();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    this.subscriber.disconnect();
    this.commands.disconnect();
  }

  /** After (re)subscribing: the ended sessions still unexpired, then answers from the cache. */
  private async reload(): Promise<void> {
    this.versions.clear();
    const now = Date.now();
    const entries = await this.commands.zrangebyscore(this.revokedKey, now, '+inf', 'WITHSCORES');
    for (let i = 0; i + 1 < entries.length; i += 2) {
      this.revoked.set(entries[i]!, Number(entries[i + 1]));
    }
    prune(this.revoked, now);
    this.live = true;
  }

  private receive(payload: string): void {
    let parsed: z.infer<typeof announcement>;
    try {
      parsed = announcement.parse(JSON.parse(payload));
    } catch (err) {
      this.options.logger?.warn({ err }, 'sessions: malformed announcement ignored');
      return;
    }
    if ('revoked' in parsed) {
      this.revoked.set(parsed.revoked, parsed.until);
      prune(this.revoked, Date.now());
    } else {
      this.remember(parsed.login, parsed.version);
    }
  }

  /** Versions only move forward: a late read never undoes an announcement. */
  private remember(user: string, version: number): void {
    if (!this.live) return;
    const known = this.versions.get(user) ?? 0;
    this.versions.delete(user);
    this.versions.set(user, Math.max(known, version));
    if (this.versions.size > MAX_CACHED) {
      const oldest = this.versions.keys().next().value;
      if (oldest !== undefined) this.versions.delete(oldest);
    }
  }
}

/**
 * Redis-backed when `redisUrl` is set; else kept in `dataDir` when given (processes sharing one
 * data dir, as under `npm start`); else this process only.
 */
export function createSessionVersions(options: {
  redisUrl?: string;
  /** Before every Redis key and channel (`REDIS_KEY_PREFIX`); default `gitforge:`. */
  redisKeyPrefix?: string;
  dataDir?: string;
  logger?: Logger;
}): SessionVersions {
  if (options.redisUrl) {
    return new RedisSessionVersions({
      url: options.redisUrl,
      prefix: options.redisKeyPrefix,
      logger: options.logger,
    });
  }
  if (options.dataDir) return new DataDirSessionVersions(options.dataDir, options.logger);
  return new InProcessSessionVersions();
}

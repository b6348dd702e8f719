import { Redis } from 'ioredis';
import type { Logger } from '@gitforge/logging';
import type { ThrottleRule, ThrottleStore } from './throttleStore';

/**
 * The same rules as `waitFor` + `InProcessThrottleStore.acquire`, in one script so that the
 * check and the record are atomic across every process sharing the Redis server. Each key is a
 * sorted set of attempt ids scored by time. KEYS: the rules' keys, then one "remembered" key per
 * rule. ARGV: now, id, rule count, then per rule max, windowMs, backoff base (−1: none),
 * backoff max, has-remembered-key (1/0).
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
local id = ARGV[2]
local n = tonumber(ARGV[3])
local wait = 0
for i = 1, n do
  local at = 3 + (i - 1) * 5
  local max = tonumber(ARGV[at + 1])
  local window = tonumber(ARGV[at + 2])
  local base = tonumber(ARGV[at + 3])
  local cap = tonumber(ARGV[at + 4])
  local key = KEYS[i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if not (ARGV[at + 5] == '1' and redis.call('EXISTS', KEYS[n + i]) == 1) then
    local count = redis.call('ZCARD', key)
    if count >= max then
      local w
      if base < 0 then
        local oldest = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
        w = tonumber(oldest[2]) + window - now
      else
        local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
        w = tonumber(last[2]) + math.min(base * 2 ^ (count - max), cap) - now
      end
      if w > wait then wait = w end
    end
  end
end
if wait > 0 then return math.ceil(wait) end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now, id)
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3 + (i - 1) * 5 + 2]))
end
return 0
`;

export interface RedisThrottleStoreOptions {
  url: string;
  /** Prepended to every key, so several deployments can share one server. */
  prefix?: string;
  logger?: Logger;
}

/** Attempts counted in Redis: every git-proxy and repository replica shares one count. */
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private closed = false;

  constructor(options: RedisThrottleStoreOptions) {
    this.prefix = `${options.prefix ?? 'gitforge:'}login-throttle:`;
    this.redis = new Redis(options.url, {
      connectionName: 'gitforge-login-throttle',
      maxRetriesPerRequest: 1,
      // null once closed: a reconnect timer pending at close would otherwise keep running.
      retryStrategy: (attempt) => (this.closed ? null : Math.min(100 * 2 ** attempt, 2000)),
    });
    this.redis.on('error', (err: Error) =>
      options.logger?.debug({ err }, 'login throttle: Redis error'),
    );
  }

  async acquire(rules: readonly ThrottleRule[], id: string, now: number): Promise<number> {
    const keys = [
      ...rules.map((r) => this.prefix + r.key),
      ...rules.map((r) => this.prefix + (r.unlessRemembered ?? r.key)),
    ];
    const args = rules.flatMap((r) => [
      r.max,
      r.windowMs,
      r.backoff?.baseMs ?? -1,
      r.backoff?.maxMs ?? 0,
      r.unlessRemembered ? 1 : 0,
    ]);
    const wait = await this.redis.eval(
      ACQUIRE,
      keys.length,
      ...keys,
      now,
      id,
      rules.length,
      ...args,
    );
    return Number(wait);
  }

  async release(keys: readonly string[], id: string): Promise<void> {
    if (keys.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.zrem(this.prefix + key, id);
    await pipeline.exec();
  }

  async remember(key: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, '1', 'PX', ttlMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.redis.disconnect();
  }
}

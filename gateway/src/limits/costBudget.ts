import { Redis } from 'ioredis';
import type { Logger } from '@gitforge/logging';

/** What a client may spend: `points` of operation cost per `windowMs`. */
export interface CostBudgetLimits {
  points: number;
  windowMs: number;
}

export type Charge = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Cost points per client per fixed window. A refused charge spends nothing, so a client that
 * keeps asking is told to wait until the window ends rather than being locked out for longer.
 */
export interface CostBudget {
  charge(client: string, cost: number): Promise<Charge>;
  close(): Promise<void>;
}

/** One process's budget (no REDIS_URL): each replica counts on its own. */
export class MemoryCostBudget implements CostBudget {
  private readonly windows = new Map<string, { endsAt: number; used: number }>();

  constructor(
    private readonly limits: CostBudgetLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async charge(client: string, cost: number): Promise<Charge> {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || window.endsAt <= now) {
      if (this.windows.size > 10_000) this.sweep(now);
      window = { endsAt: now + this.limits.windowMs, used: 0 };
      this.windows.set(client, window);
    }
    if (window.used + cost > this.limits.points) {
      return { allowed: false, retryAfterMs: window.endsAt - now };
    }
    window.used += cost;
    return { allowed: true };
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

// Checks and spends in one step, so replicas sharing the key never overspend together.
const CHARGE_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local cost = tonumber(ARGV[1])
if used + cost > tonumber(ARGV[2]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then ttl = tonumber(ARGV[3]) end
  return ttl
end
redis.call('INCRBY', KEYS[1], cost)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return -1
`;

/**
 * The budget shared by every gateway replica through Redis. When Redis cannot be reached the
 * charge is allowed (and logged): the per-operation cost limit still holds, and a Redis outage
 * must not take the API down with it.
 */
export class RedisCostBudget implements CostBudget {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(
    url: string,
    private readonly limits: CostBudgetLimits,
    private readonly logger: Logger,
    prefix = 'gitforge:',
  ) {
    this.prefix = `${prefix}cost-budget:`;
    this.redis = new Redis(url, {
      connectionName: 'gitforge-cost-budget',
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    });
    this.redis.on('error', (err) => this.logger.debug({ err }, 'cost budget: Redis error'));
  }

  async charge(client: string, cost: number): Promise<Charge> {
    try {
      const ttl = (await this.redis.eval(
        CHARGE_SCRIPT,
        1,
        this.prefix + client,
        cost,
        this.limits.points,
        this.limits.windowMs,
      )) as number;
      return ttl < 0 ? { allowed: true } : { allowed: false, retryAfterMs: ttl };
    } catch (err) {
      this.logger.warn({ err }, 'cost budget: Redis unavailable, operation allowed');
      return { allowed: true };
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** Redis-backed when `redisUrl` is set (replicas share the budget), in memory otherwise. */
export function createCostBudget(
  limits: CostBudgetLimits,
  logger: Logger,
  redisUrl?: string,
  redisKeyPrefix?: string,
): CostBudget {
  return redisUrl
    ? new RedisCostBudget(redisUrl, limits, logger, redisKeyPrefix)
    : new MemoryCostBudget(limits);
}

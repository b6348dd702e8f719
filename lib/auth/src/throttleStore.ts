/**
 * One counter of failed sign-ins. `max` attempts are free inside `windowMs`; beyond that the
 * rule either blocks until the oldest counted attempt leaves the window (no `backoff`), or
 * makes each further attempt wait `baseMs · 2^(n − max)` (at most `maxMs`) after the last one.
 */
export interface ThrottleRule {
  key: string;
  max: number;
  windowMs: number;
  backoff?: { baseMs: number; maxMs: number };
  /** The rule does not apply while this key is remembered (an address known to the account). */
  unlessRemembered?: string;
}

/**
 * Where attempts are counted. `acquire` checks every rule and, only when all allow it, records
 * the attempt under every rule's key in the same atomic step, so concurrent attempts cannot all
 * slip through under a limit.
 */
export interface ThrottleStore {
  /** 0 when recorded as `id`; else the milliseconds to wait. */
  acquire(rules: readonly ThrottleRule[], id: string, now: number): Promise<number>;
  /** Takes back a recorded attempt that did not count. */
  release(keys: readonly string[], id: string): Promise<void>;
  remember(key: string, ttlMs: number, now: number): Promise<void>;
  close(): Promise<void>;
}

interface Attempt {
  at: number;
  id: string;
}

/** Milliseconds `rule` makes the next attempt wait, given its attempts (oldest first). */
export function waitFor(rule: ThrottleRule, attempts: readonly { at: number }[], now: number) {
  const n = attempts.length;
  if (n < rule.max) return 0;
  if (!rule.backoff) return Math.max(0, attempts[n - rule.max]!.at + rule.windowMs - now);
  const delay = Math.min(rule.backoff.baseMs * 2 ** (n - rule.max), rule.backoff.maxMs);
  return Math.max(0, attempts[n - 1]!.at + delay - now);
}

/** This process only (no REDIS_URL); bounded: the least recently used keys go first. */
export class InProcessThrottleStore implements ThrottleStore {
  private readonly attempts = new Map<string, Attempt[]>();
  private readonly remembered = new Map<string, number>();

  constructor(private readonly maxKeys = 50_000) {}

  async acquire(rules: readonly ThrottleRule[], id: string, now: number): Promise<number> {
    let wait = 0;
    for (const rule of rules) {
      if (rule.unlessRemembered && this.isRemembered(rule.unlessRemembered, now)) continue;
      wait = Math.max(wait, waitFor(rule, this.current(rule, now), now));
    }
    if (wait > 0) return wait;
    for (const rule of rules) {
      const list = this.current(rule, now);
      list.push({ at: now, id });
      this.attempts.delete(rule.key);
      this.attempts.set(rule.key, list);
    }
    this.evict(this.attempts);
    return 0;
  }

  async release(keys: readonly string[], id: string): Promise<void> {
    for (const key of keys) {
      const list = this.attempts.get(key);
      const index = list?.findIndex((a) => a.id === id) ?? -1;
      if (list && index >= 0) list.splice(index, 1);
      if (list?.length === 0) this.attempts.delete(key);
    }
  }

  async remember(key: string, ttlMs: number, now: number): Promise<void> {
    this.remembered.delete(key);
    this.remembered.set(key, now + ttlMs);
    this.evict(this.remembered);
  }

  async close(): Promise<void> {}

  private isRemembered(key: string, now: number): boolean {
    const until = this.remembered.get(key);
    if (until !== undefined && until <= now) this.remembered.delete(key);
    return until !== undefined && until > now;
  }

  private current(rule: ThrottleRule, now: number): Attempt[] {
    const since = now - rule.windowMs;
    const list = (this.attempts.get(rule.key) ?? []).filter((a) => a.at > since);
    if (list.length === 0) this.attempts.delete(rule.key);
    else this.attempts.set(rule.key, list);
    return list;
  }

  private evict(map: Map<string, unknown>): void {
    while (map.size > this.maxKeys) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }
}

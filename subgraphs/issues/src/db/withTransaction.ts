import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (attempt: number, err: unknown) => void;
}

export function sqlStateOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown; previous?: unknown }).previous ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs `work` in a SERIALIZABLE transaction on a fresh fork of `em`, retrying the whole
 * transaction on serialization failures (40001) and deadlocks with jittered exponential backoff,
 * so PostgreSQL and CockroachDB behave the same. `work` must be safe to run more than once.
 */
export async function withTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 20;
  const base = options.baseDelayMs ?? 5;
  const cap = options.maxDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await em.fork().transactional((tx) => work(tx), {
        isolationLevel: IsolationLevel.SERIALIZABLE,
      });
    } catch (err) {
      const state = sqlStateOf(err);
      if (!state || !RETRYABLE.has(state) || attempt >= maxAttempts) throw err;
      options.onRetry?.(attempt, err);
      // Full jitter: a random delay up to an exponentially growing ceiling.
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

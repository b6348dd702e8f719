import type { Pool, PoolClient } from 'pg';

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (attempt: number, sqlState: string) => void;
}

export const sqlStateOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/**
 * Runs `work` in a SERIALIZABLE transaction, retrying the whole of it on serialization
 * failures and deadlocks with full-jitter backoff, so PostgreSQL and CockroachDB behave the
 * same (the issues subgraph's withTransaction, over node-postgres instead of MikroORM).
 */
export async function withSerializableTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 20;
  const base = options.baseDelayMs ?? 5;
  const cap = options.maxDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('begin isolation level serializable');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      const state = sqlStateOf(err);
      if (!state || !RETRYABLE.has(state) || attempt >= maxAttempts) throw err;
      options.onRetry?.(attempt, state);
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    } finally {
      client.release();
    }
  }
}

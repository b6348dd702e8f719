/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (attempt: number, sqlState: string, err: unknown) => void;
}

/**
 * The SQLSTATE of a driver error, also when an ORM wrapped it (`previous` / `cause`, a few
 * levels deep); undefined for anything else.
 */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { previous?: unknown }).previous ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs `attempt` (one whole SERIALIZABLE transaction) again after a serialization failure
 * (40001) or a deadlock (40P01), with full-jitter exponential backoff, so PostgreSQL and
 * CockroachDB behave the same. Any other error, or the last attempt's, is thrown as it is.
 */
export async function retrySerializable<T>(
  attempt: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 20;
  const base = options.baseDelayMs ?? 5;
  const cap = options.maxDelayMs ?? 500;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const state = sqlStateOf(err);
      if (!state || !RETRYABLE.has(state) || n >= maxAttempts) throw err;
      options.onRetry?.(n, state, err);
      // Full jitter: a random delay up to an exponentially growing ceiling.
      const ceiling = Math.min(cap, base * 2 ** (n - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

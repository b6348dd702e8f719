import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { retrySerializable, type RetryOptions } from '@gitforge/sql-retry';

export { sqlStateOf, type RetryOptions } from '@gitforge/sql-retry';

/**
 * Runs `work` in a SERIALIZABLE transaction on a fresh fork of `em`, run again as a whole on
 * serialization failures and deadlocks (`retrySerializable`). `work` must be safe to run more
 * than once.
 */
export function withTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  return retrySerializable(
    () =>
      em.fork().transactional((tx) => work(tx), { isolationLevel: IsolationLevel.SERIALIZABLE }),
    options,
  );
}

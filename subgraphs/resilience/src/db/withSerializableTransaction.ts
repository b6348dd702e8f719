import type { Pool, PoolClient } from 'pg';
import { retrySerializable, type RetryOptions } from '@gitforge/sql-retry';

/**
 * Runs `work` in a SERIALIZABLE transaction on a pooled connection, run again as a whole on
 * serialization failures and deadlocks (`retrySerializable`, as the issues subgraph's
 * withTransaction over MikroORM).
 */
export function withSerializableTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  return retrySerializable(async () => {
    const client = await pool.connect();
    try {
      await client.query('begin isolation level serializable');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }, options);
}

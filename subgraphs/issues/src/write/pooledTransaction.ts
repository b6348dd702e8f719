import type { EntityManager } from '@mikro-orm/postgresql';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/** Statements inside one open transaction (placeholders `$1`, `$2`, ...). */
export interface SqlTransaction {
  rows<T = Row>(text: string, values: readonly unknown[]): Promise<T[]>;
}

export type IsolationLevelName = 'READ COMMITTED' | 'SERIALIZABLE';

/** Runs `work` in one transaction and commits it, or rolls it back and throws. */
export type RunTransaction = <T>(work: (tx: SqlTransaction) => Promise<T>) => Promise<T>;

/** The slice of a `pg` client used here. */
interface PgConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  /** Set by knex's pg dialect on a connection that failed; its pool then discards it. */
  __knex__disposed?: unknown;
}

interface Pool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/**
 * Transactions on a connection of the ORM's own pool, without the ORM: `BEGIN` with the
 * isolation level in one statement, the work's statements, `COMMIT`; no fork, unit of work or
 * query builder, which on the create path cost more CPU than the SQL they sent. A connection
 * whose rollback failed is marked so that the pool drops it rather than hand out a connection
 * still inside a transaction.
 */
export function pooledTransactions(
  em: EntityManager,
  isolation: IsolationLevelName,
): RunTransaction {
  const pool = em.getKnex().client as unknown as Pool;
  const begin = `begin transaction isolation level ${isolation.toLowerCase()}`;
  return async (work) => {
    const connection = await pool.acquireConnection();
    try {
      await connection.query(begin);
      let result;
      try {
        result = await work({
          rows: async <T>(text: string, values: readonly unknown[]) =>
            (await connection.query(text, [...values])).rows as T[],
        });
      } catch (err) {
        await connection.query('rollback').catch((rollbackError: unknown) => {
          connection.__knex__disposed = rollbackError;
        });
        throw err;
      }
      await connection.query('commit');
      return result;
    } finally {
      await pool.releaseConnection(connection);
    }
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { traceSql } from '@gitforge/tracing';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

export type IsolationLevelName = 'READ COMMITTED' | 'SERIALIZABLE';

/**
 * Runs one statement (placeholders `$1`, `$2`, ...) as a transaction of its own at the given
 * isolation level and returns its rows; throws when it was not committed.
 */
export type RunStatement = <T = Row>(text: string, values: readonly unknown[]) => Promise<T[]>;

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
 * Single statements on a connection of the ORM's own pool, without the ORM (no fork, unit of
 * work or query builder; on the create path those cost more CPU than the SQL). A statement is
 * atomic on its own: when the server's default isolation level (asked once) is the one wanted,
 * it is sent alone, one round trip, as an implicit transaction; otherwise inside `BEGIN
 * ISOLATION LEVEL ...` / `COMMIT`. A connection whose rollback failed is marked so that the
 * pool drops it rather than hand out a connection still inside a transaction.
 */
export function pooledStatements(em: EntityManager, isolation: IsolationLevelName): RunStatement {
  const pool = em.getKnex().client as unknown as Pool;
  const wanted = isolation.toLowerCase();
  let implicit: Promise<boolean> | undefined;
  const isDefault = (connection: PgConnection) =>
    (implicit ??= connection
      .query('show default_transaction_isolation')
      .then(({ rows }) => String(Object.values(rows[0] ?? {})[0]).toLowerCase() === wanted)
      .catch((err: unknown) => {
        implicit = undefined;
        throw err;
      }));
  return async <T>(text: string, values: readonly unknown[]) => {
    const connection = await pool.acquireConnection();
    try {
      if (await isDefault(connection)) {
        return (await traceSql(text, () => connection.query(text, [...values]))).rows as T[];
      }
      await connection.query(`begin transaction isolation level ${wanted}`);
      let rows: Row[];
      try {
        rows = (await traceSql(text, () => connection.query(text, [...values]))).rows;
      } catch (err) {
        await connection.query('rollback').catch((rollbackError: unknown) => {
          connection.__knex__disposed = rollbackError;
        });
        throw err;
      }
      await connection.query('commit');
      return rows as T[];
    } finally {
      await pool.releaseConnection(connection);
    }
  };
}

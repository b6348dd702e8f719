import type { MikroORM } from '@mikro-orm/postgresql';
import { traceSql } from '@gitforge/tracing';

/** A row as the driver returns it (timestamps as strings: MikroORM's type parsers). */
export type Row = Record<string, unknown>;

/** The slice of a `pg` client this reader uses. */
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
}

interface Pool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** Reads by plain SQL: the port the read services use (tests may give their own). */
export interface SqlReader {
  /** Runs `text` (placeholders `$1`, `$2`, ...) and returns its rows as plain objects. */
  rows<T = Row>(text: string, values: readonly unknown[]): Promise<T[]>;
}

/**
 * Reads on the hot path without the ORM: a connection from the ORM's own pool (no second pool,
 * the same `poolMax`), each distinct statement prepared once per connection (a named statement:
 * parsed and planned once, then only bound and executed; PostgreSQL and CockroachDB both keep
 * named statements per session), rows returned as the driver gives them. No query builder, no
 * entity hydration, no unit of work. `onQuery` sees every statement, like the ORM's.
 */
export function createSqlReader(orm: MikroORM, onQuery?: (sql: string) => void): SqlReader {
  const pool = orm.em.getKnex().client as unknown as Pool;
  /** One name per distinct text; the texts are built from a small set of fragments (bounded). */
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `gf_read_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async rows<T>(text: string, values: readonly unknown[]): Promise<T[]> {
      onQuery?.(text);
      const connection = await pool.acquireConnection();
      try {
        const result = await traceSql(text, () =>
          connection.query({ name: nameOf(text), text, values: [...values] }),
        );
        return result.rows as T[];
      } finally {
        await pool.releaseConnection(connection);
      }
    },
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { withTransaction, type RetryOptions } from './withTransaction';

/** Runs a unit of work in one retried SERIALIZABLE transaction (see withTransaction). */
export type Transactor = <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>;

export interface TransactorOptions extends RetryOptions {
  /**
   * PostgreSQL only: under SERIALIZABLE a sequential scan takes a relation-wide predicate lock,
   * so two transactions touching unrelated rows of a small table conflict. Steering the planner
   * to index scans keeps the locks on the rows read. (CockroachDB has no such locks or setting.)
   */
  preferIndexScans?: boolean;
}

export function createTransactor(em: EntityManager, options: TransactorOptions = {}): Transactor {
  if (!options.preferIndexScans) return (work) => withTransaction(em, work, options);
  return (work) =>
    withTransaction(
      em,
      async (tx) => {
        await tx.execute('set local enable_seqscan = off');
        return work(tx);
      },
      options,
    );
}

/** True for CockroachDB, which speaks the PostgreSQL protocol but is a different engine. */
export async function isCockroachDb(em: EntityManager): Promise<boolean> {
  const [row] = await em.fork().execute<{ version: string }[]>('select version() as version');
  return /cockroach/i.test(row?.version ?? '');
}

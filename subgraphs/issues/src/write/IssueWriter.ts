import type { EntityManager } from '@mikro-orm/postgresql';
import { retrySerializable, sqlStateOf, type RetryOptions } from '@gitforge/sql-retry';
import { GroupCommit } from './GroupCommit';
import { insertIssueBatch, type Filed, type IssueDraft } from './insertIssueBatch';
import { pooledStatements, type RunStatement } from './pooledStatement';

export type { Filed, FiledEvent, FiledIssue, IssueDraft } from './insertIssueBatch';

/**
 * What IssueService needs to file a new issue: its number, its row and labels and its CREATED
 * event in the outbox, committed together.
 */
export interface IssueCreator {
  create(draft: IssueDraft): Promise<Filed>;
}

export interface IssueWriterOptions {
  /** The database engine behind the connection (`isCockroachDb`): decides the isolation level. */
  cockroachDb: boolean;
  /** Most issues filed in one statement; default 50. */
  maxBatch?: number;
  /** Retry policy on 40001 / 40P01 (`retrySerializable`), `onRetry` for the metrics. */
  retry?: RetryOptions;
  /** Told the size of every batch committed. */
  onBatch?: (size: number) => void;
}

/**
 * Files new issues by group commit: the drafts of one repository that arrive while its previous
 * batch commits go into the next batch, one statement and transaction for all of them
 * (`insertIssueBatch`); one batch per repository at a time in this process, repositories in
 * parallel. Across processes the counter row decides (below). Each caller gets its own issue or
 * its own error: a batch the database refuses for a row's data (SQLSTATE class 22, 23 or 54) is
 * filed again one draft at a time, so only the faulty draft fails; any other error fails the
 * whole batch, and a serialization failure or deadlock reruns the whole batch (nothing of it
 * was committed).
 *
 * Isolation. CockroachDB: SERIALIZABLE, its native level, with the 40001 retry loop (a single
 * statement is also retried by the server itself while it can). The statement reads only
 * through the counter's primary key and the labels' (repository, name) unique index (the
 * conflict arbiters), so a batch's read spans cover its own repository's rows.
 *
 * PostgreSQL: READ COMMITTED, which is enough here and avoids what SERIALIZABLE costs this
 * transaction. Its only read-modify-write is the counter row, in `insert ... on conflict do
 * update ... returning`: PostgreSQL takes the row lock, waits for a concurrent batch of the same
 * repository (another process) to end, and then applies the increment to the latest committed
 * row (or inserts it, if that batch's row was deleted), so two batches can never take the same
 * numbers, and a failed batch takes none. The issue rows are blind inserts checked by unique
 * constraints; the labels are upserted the same way as the counter (latest committed row,
 * behind its lock), never read from the statement's snapshot. At SERIALIZABLE the same
 * concurrent update would not wait and proceed but fail with 40001 ("could not serialize
 * access due to concurrent update") and rerun the whole batch: with several instances writing
 * to one hot repository, that is a retry for most batches. And SERIALIZABLE's predicate
 * (SIREAD) locks are what turn a sequential scan of a small table into conflicts between
 * unrelated repositories (~7 retries per commit measured, DEPENDENCIES.md); READ COMMITTED
 * takes none, so no plan can cause false conflicts. A repository deletion (SERIALIZABLE) that
 * races a batch either deletes the counter row first (the batch then starts again from 1: the
 * repository has no issues left) or finds the row updated and retries.
 */
export class IssueWriter implements IssueCreator {
  private readonly batches: GroupCommit<IssueDraft, Filed>;
  private readonly run: RunStatement;

  constructor(
    em: EntityManager,
    private readonly options: IssueWriterOptions,
  ) {
    this.run = pooledStatements(em, options.cockroachDb ? 'SERIALIZABLE' : 'READ COMMITTED');
    this.batches = new GroupCommit<IssueDraft, Filed>({
      commit: (repository, drafts) => this.commit(repository, drafts),
      maxBatch: options.maxBatch,
      isItemFault,
      onBatch: options.onBatch,
    });
  }

  create(draft: IssueDraft): Promise<Filed> {
    return this.batches.submit(draft.repository, draft);
  }

  /** Repositories with a batch under way or waiting. */
  get activeRepositories(): number {
    return this.batches.activeKeys;
  }

  private commit(repository: string, drafts: IssueDraft[]): Promise<Filed[]> {
    return retrySerializable(
      () => insertIssueBatch(this.run, repository, drafts),
      this.options.retry,
    );
  }
}

/** Errors about the data of a row: one draft may be at fault, the others not. */
function isItemFault(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state !== undefined && ['22', '23', '54'].includes(state.slice(0, 2));
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Transactor } from '../db/createTransactor';

/**
 * Deleting a repository deletes its issues, their comments and labels, its labels and its issue
 * number counter, as Gitea and GitHub do, so a repository re-created under the same name starts
 * empty. Its events go from the outbox too, recorded as pruned (`pruned_through`), so a cursor
 * of the deleted repository gets CURSOR_EXPIRED instead of replaying them to whoever may read
 * the re-created one; the event stream row stays (sequences never repeat under one name). Only what existed at `at` (the deletion) goes: an issue filed in the re-created
 * repository after that instant stays. Idempotent: every replica that hears of the deletion
 * may run it. Names compare case-insensitively, as Gitea's do.
 */
export async function deleteRepositoryIssues(
  transact: Transactor,
  repository: string,
  at: Date,
): Promise<number> {
  return transact((tx) => deleteRepositoryIssuesIn(tx, repository, at));
}

/**
 * The deletion inside the caller's transaction `tx`: what existed at `at`, or everything the
 * repository has when `at` is omitted (the caller knows all of it belongs to a deleted one).
 */
export async function deleteRepositoryIssuesIn(
  tx: EntityManager,
  repository: string,
  at?: Date,
): Promise<number> {
  const key = repository.toLowerCase();
  const before = at ? ' and created_at <= ?' : '';
  const params = at ? [key, at] : [key];
  // comments and issue_labels go with their issue (on delete cascade).
  const issues = await tx.execute<{ id: string }[]>(
    `delete from issues where lower(repository) = ?${before} returning id`,
    params,
  );
  await tx.execute(
    `delete from labels where lower(repository) = ?${before}
       and not exists (select 1 from issue_labels il where il.label_id = labels.id)`,
    params,
  );
  await tx.execute(
    `with doomed as (
       delete from issue_events where lower(repository) = ?${before.replace('created_at', 'occurred_at')}
       returning repository, sequence),
     highest as (
       select repository, max(sequence) as sequence from doomed group by repository)
     update issue_event_streams set pruned_through = highest.sequence
       from highest
      where issue_event_streams.repository = highest.repository
        and issue_event_streams.pruned_through < highest.sequence`,
    params,
  );
  await tx.execute(
    `delete from repository_counters where lower(repository) = ?
       and not exists (select 1 from issues i where i.repository = repository_counters.repository)`,
    [key],
  );
  return issues.length;
}

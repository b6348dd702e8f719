import type { Transactor } from '../db/createTransactor';

/**
 * Deleting a repository deletes its issues, their comments and labels, its labels and its issue
 * number counter, as Gitea and GitHub do, so a repository re-created under the same name starts
 * empty. Only what existed at `at` (the deletion) goes: an issue filed in the re-created
 * repository after that instant stays. Idempotent: every replica that hears of the deletion
 * may run it. Names compare case-insensitively, as Gitea's do.
 */
export async function deleteRepositoryIssues(
  transact: Transactor,
  repository: string,
  at: Date,
): Promise<number> {
  const key = repository.toLowerCase();
  return transact(async (tx) => {
    // comments and issue_labels go with their issue (on delete cascade).
    const issues = await tx.execute<{ id: string }[]>(
      'delete from issues where lower(repository) = ? and created_at <= ? returning id',
      [key, at],
    );
    await tx.execute(
      `delete from labels where lower(repository) = ? and created_at <= ?
         and not exists (select 1 from issue_labels il where il.label_id = labels.id)`,
      [key, at],
    );
    await tx.execute(
      `delete from repository_counters where lower(repository) = ?
         and not exists (select 1 from issues i where i.repository = repository_counters.repository)`,
      [key],
    );
    return issues.length;
  });
}

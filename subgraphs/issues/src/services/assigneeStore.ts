import type { EntityManager } from '@mikro-orm/postgresql';
import type { SqlReader } from '../read/SqlReader';

/** An issue has at most this many assignees (as GitHub). */
export const MAX_ASSIGNEES = 10;

/** The assignees' logins of one issue in `tx`, in the order they were assigned. */
export async function assigneesOf(tx: EntityManager, issueId: string): Promise<string[]> {
  const rows = await tx.execute<{ login: string }[]>(
    'select login from issue_assignees where issue_id = ? order by assigned_at, login',
    [issueId],
  );
  return rows.map((row) => row.login);
}

/** Assigns `login` (no-op when assigned already); whether it was added. */
export async function addAssignee(
  tx: EntityManager,
  issueId: string,
  login: string,
  at: Date,
): Promise<boolean> {
  const rows = await tx.execute<{ login: string }[]>(
    `insert into issue_assignees (issue_id, login, assigned_at) values (?, ?, ?)
     on conflict (issue_id, login) do nothing returning login`,
    [issueId, login, at],
  );
  return rows.length > 0;
}

/** Unassigns `login` (compared case-insensitively); whether it was assigned. */
export async function removeAssignee(
  tx: EntityManager,
  issueId: string,
  login: string,
): Promise<boolean> {
  const rows = await tx.execute<{ login: string }[]>(
    'delete from issue_assignees where issue_id = ? and lower(login) = ? returning login',
    [issueId, login.toLowerCase()],
  );
  return rows.length > 0;
}

/** Assignees of many issues in one plain statement (the DataLoader's batch). */
export async function assigneesOfIssueIds(
  sql: SqlReader,
  issueIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await sql.rows<{ issue_id: string; login: string }>(
    `select issue_id, login from issue_assignees where issue_id = any($1::uuid[])
      order by assigned_at, login`,
    [issueIds],
  );
  const byIssue = new Map<string, string[]>();
  for (const row of rows) {
    const logins = byIssue.get(row.issue_id);
    if (logins) logins.push(row.login);
    else byIssue.set(row.issue_id, [row.login]);
  }
  return byIssue;
}

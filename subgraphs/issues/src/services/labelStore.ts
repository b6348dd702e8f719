import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Issue, Label } from '../db/entities';
import { labelOf, type LabelRow } from '../read/issueRows';
import type { SqlReader } from '../read/SqlReader';
import { labelColor } from './labelColor';

/** Makes sure the repository has labels with these names and links them to the issue. */
export async function attachLabels(
  tx: EntityManager,
  issue: Issue,
  names: string[],
): Promise<void> {
  const now = new Date();
  const values = names.map(() => '(?, ?, ?, ?, ?)').join(', ');
  await tx.execute(
    `insert into labels (id, repository, name, color, created_at) values ${values}
     on conflict (repository, name) do nothing`,
    names.flatMap((name) => [randomUUID(), issue.repository, name, labelColor(name), now]),
  );
  const placeholders = names.map(() => '?').join(', ');
  await tx.execute(
    `insert into issue_labels (issue_id, label_id)
     select ?, id from labels where repository = ? and name in (${placeholders})
     on conflict do nothing`,
    [issue.id, issue.repository, ...names],
  );
}

export async function replaceLabels(
  tx: EntityManager,
  issue: Issue,
  names: string[],
): Promise<void> {
  await tx.execute('delete from issue_labels where issue_id = ?', [issue.id]);
  if (names.length > 0) await attachLabels(tx, issue, names);
}

/** Labels of many issues in one statement (the DataLoader batch). */
export async function labelsOfIssues(
  em: EntityManager,
  issueIds: readonly string[],
): Promise<Map<string, Label[]>> {
  const byIssue = new Map<string, Label[]>(issueIds.map((id) => [id, []]));
  if (issueIds.length === 0) return byIssue;
  const rows = await em.execute<(Label & { issue_id: string; created_at: Date })[]>(
    `select il.issue_id, l.id, l.repository, l.name, l.color, l.created_at
       from issue_labels il join labels l on l.id = il.label_id
      where il.issue_id in (${issueIds.map(() => '?').join(', ')})
      order by l.name`,
    [...issueIds],
  );
  for (const row of rows) {
    byIssue.get(row.issue_id)?.push({
      id: row.id,
      repository: row.repository,
      name: row.name,
      color: row.color,
      createdAt: row.created_at,
    });
  }
  return byIssue;
}

/** Labels of many issues in one plain statement (the page's and the DataLoader's batch). */
export async function labelsOfIssueIds(
  sql: SqlReader,
  issueIds: readonly string[],
): Promise<Map<string, Label[]>> {
  const rows = await sql.rows<LabelRow & { issue_id: string }>(
    `select il.issue_id, l.id, l.repository, l.name, l.color, l.created_at
       from issue_labels il join labels l on l.id = il.label_id
      where il.issue_id = any($1::uuid[])
      order by l.name`,
    [issueIds],
  );
  const byIssue = new Map<string, Label[]>();
  for (const row of rows) {
    const labels = byIssue.get(row.issue_id);
    if (labels) labels.push(labelOf(row));
    else byIssue.set(row.issue_id, [labelOf(row)]);
  }
  return byIssue;
}

import { randomUUID } from 'node:crypto';
import type { Issue, Label } from '../db/entities';
import { labelColor } from '../services/labelColor';
import type { SqlTransaction } from './pooledTransaction';

/** A new issue, validated and permitted, waiting for its number. */
export interface IssueDraft {
  repository: string;
  author: string;
  title: string;
  body: string;
  /** Distinct, validated label names. */
  labels: string[];
}

/** A filed issue with its labels (ordered by name), as events and the answer carry it. */
export type FiledIssue = Issue & { labels: Label[] };

/**
 * Files `drafts` (all of `repository`) inside the caller's transaction `tx`: one update of the
 * repository's counter row takes the numbers last+1 .. last+n, one multi-row insert stores the
 * issues, and at most two statements their labels, whatever n is. Returns the issues in the
 * order of `drafts`. Numbers stay gap-free because a rolled-back transaction rolls back its
 * increment too, and every number taken here is used here. The labels come back with each
 * issue, so neither the answer nor the issue event has to read them again.
 *
 * The counter statement comes first on purpose: it is the only read-modify-write, and it waits
 * for the row lock of any other batch of the repository (another process) before anything else
 * is written, so concurrent batches of one repository commit one after the other. Every later
 * statement is a blind insert (unique constraints as the backstop) or reads only label rows of
 * this repository, which, once they exist, never change while their repository exists.
 */
export async function insertIssueBatch(
  tx: SqlTransaction,
  repository: string,
  drafts: readonly IssueDraft[],
): Promise<FiledIssue[]> {
  const n = drafts.length;
  // Primary-key arbiter (repository_counters_pkey): one row touched, no scan.
  const [row] = await tx.rows<{ last_issue_number: number | string }>(
    `insert into repository_counters (repository, last_issue_number) values ($1, $2)
     on conflict (repository) do update
       set last_issue_number = repository_counters.last_issue_number + excluded.last_issue_number
     returning last_issue_number`,
    [repository, n],
  );
  const first = Number(row?.last_issue_number) - n + 1;
  if (!Number.isSafeInteger(first) || first < 1) {
    throw new Error(`repository_counters answered ${String(row?.last_issue_number)} for ${n}`);
  }
  const now = new Date();
  const issues: Issue[] = drafts.map((draft, i) => ({
    id: randomUUID(),
    repository,
    number: first + i,
    title: draft.title,
    body: draft.body,
    state: 'OPEN',
    stateReason: null,
    author: draft.author,
    commentCount: 0,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  }));
  await tx.rows(
    `insert into issues
       (id, repository, number, title, body, state, state_reason, author, comment_count,
        created_at, updated_at, closed_at)
     values ${tuples(issues.length, 8, (p) => `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'OPEN', null, ${p(5)}, 0, ${p(6)}, ${p(7)}, null)`)}`,
    issues.flatMap((i) => [
      i.id,
      i.repository,
      i.number,
      i.title,
      i.body,
      i.author,
      i.createdAt,
      i.updatedAt,
    ]),
  );
  const labels = await linkLabels(tx, repository, issues, drafts, now);
  return issues.map((issue) => ({ ...issue, labels: labels.get(issue.id) ?? [] }));
}

async function linkLabels(
  tx: SqlTransaction,
  repository: string,
  issues: readonly Issue[],
  drafts: readonly IssueDraft[],
  now: Date,
): Promise<Map<string, Label[]>> {
  const byIssue = new Map<string, Label[]>();
  const links = issues.flatMap((issue, i) => drafts[i]!.labels.map((name) => [issue.id, name]));
  if (links.length === 0) return byIssue;
  // Sorted: two transactions creating the same new labels take their locks in the same order.
  const names = [...new Set(links.map(([, name]) => name!))].sort();
  await tx.rows(
    `insert into labels (id, repository, name, color, created_at)
     values ${tuples(names.length, 5, (p) => `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`)}
     on conflict (repository, name) do nothing`,
    names.flatMap((name) => [randomUUID(), repository, name, labelColor(name), now]),
  );
  // Label rows looked up by (repository, name), the labels_repository_name_unique index, then
  // by primary key; the issues are new, so every link is new.
  const rows = await tx.rows<{
    issue_id: string;
    id: string;
    name: string;
    color: string;
    created_at: Date | string;
  }>(
    `with linked as (
       insert into issue_labels (issue_id, label_id)
       select w.issue_id, l.id
         from (values ${tuples(links.length, 2, (p) => `(${p(0)}::uuid, ${p(1)}::text)`)})
              as w (issue_id, name)
         join labels l on l.repository = $${links.length * 2 + 1} and l.name = w.name
       returning issue_id, label_id)
     select linked.issue_id, l.id, l.name, l.color, l.created_at
       from linked join labels l on l.id = linked.label_id
      order by l.name`,
    [...links.flat(), repository],
  );
  for (const row of rows) {
    const label: Label = {
      id: row.id,
      repository,
      name: row.name,
      color: row.color,
      createdAt: new Date(row.created_at),
    };
    const list = byIssue.get(row.issue_id);
    if (list) list.push(label);
    else byIssue.set(row.issue_id, [label]);
  }
  return byIssue;
}

/**
 * `count` comma-separated tuples of `width` placeholders each, numbered on from $1 across the
 * tuples: `tuple(p)` writes one, `p(i)` is its i-th placeholder.
 */
function tuples(count: number, width: number, tuple: (p: (i: number) => string) => string) {
  return Array.from({ length: count }, (_, n) => tuple((i) => `$${n * width + i + 1}`)).join(', ');
}

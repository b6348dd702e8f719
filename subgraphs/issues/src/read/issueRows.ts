import type { Issue, IssueState, IssueStateReason, Label } from '../db/entities';

/** The columns of an issue, in the order every read selects them. */
export const ISSUE_COLUMNS =
  'i.id, i.repository, i.number, i.title, i.body, i.state, i.state_reason, i.author, ' +
  'i.comment_count, i.created_at, i.updated_at, i.closed_at';

/**
 * An issue's labels as one column of its row (`labels` of `LabelTuple`s, ordered by name): a
 * correlated subquery over the primary key of issue_labels, valid on PostgreSQL and CockroachDB.
 */
export const LABELS_COLUMN = `(select coalesce(json_agg(json_build_array(l.id, l.name, l.color, l.created_at) order by l.name), '[]'::json)
     from issue_labels il join labels l on l.id = il.label_id
    where il.issue_id = i.id) as labels`;

/** One label of `LABELS_COLUMN`: id, name, color, created_at. */
export type LabelTuple = [string, string, string, string];

export interface IssueRow {
  id: string;
  repository: string;
  number: number;
  title: string;
  body: string;
  state: IssueState;
  state_reason: IssueStateReason | null;
  author: string;
  comment_count: number;
  created_at: string | Date;
  updated_at: string | Date;
  closed_at: string | Date | null;
}

export interface LabelRow {
  id: string;
  repository: string;
  name: string;
  color: string;
  created_at: string | Date;
}

/** Timestamps arrive as strings (MikroORM's type parsers on the shared pool). */
const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));

/** A plain issue object from its row: the shape resolvers read, no ORM entity. */
export function issueOf(row: IssueRow): Issue {
  return {
    id: row.id,
    repository: row.repository,
    number: row.number,
    title: row.title,
    body: row.body,
    state: row.state,
    stateReason: row.state_reason,
    author: row.author,
    commentCount: row.comment_count,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    closedAt: row.closed_at === null ? null : toDate(row.closed_at),
  };
}

export function labelOf(row: LabelRow): Label {
  return {
    id: row.id,
    repository: row.repository,
    name: row.name,
    color: row.color,
    createdAt: toDate(row.created_at),
  };
}

export function labelOfTuple([id, name, color, createdAt]: LabelTuple, repository: string): Label {
  return { id, repository, name, color, createdAt: toDate(createdAt) };
}

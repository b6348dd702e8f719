import type { Issue, IssueState, Label } from '../db/entities';
import {
  ISSUE_COLUMNS,
  LABELS_COLUMN,
  issueOf,
  labelOf,
  labelOfTuple,
  type IssueRow,
  type LabelRow,
  type LabelTuple,
} from '../read/issueRows';
import type { SqlReader } from '../read/SqlReader';
import { decodeCursor, encodeCursor } from './cursor';
import { validateFirst, validateLabels, validateRepository } from './validation';

export type IssueOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS';
export type OrderDirection = 'ASC' | 'DESC';

export interface IssueFilter {
  repository?: string | null;
  state?: IssueState | null;
  labels?: readonly string[] | null;
  author?: string | null;
  /** Issues assigned to this login (exact, as `author`: logins are stored as Gitea spells them). */
  assignee?: string | null;
  search?: string | null;
  orderBy?: { field: IssueOrderField; direction: OrderDirection } | null;
  first?: number | null;
  after?: string | null;
}

/** An issue of a list, with its labels when the list was asked to bring them. */
export type ListedIssue = Issue & { labels?: Label[] };

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  /** The nodes without their edges (cursors are then never encoded); else `edges`' nodes. */
  nodes?: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
}

const ORDER_COLUMN: Record<IssueOrderField, string> = {
  CREATED_AT: 'created_at',
  UPDATED_AT: 'updated_at',
  COMMENTS: 'comment_count',
};

/** Whether the caller may read a repository's issues. */
export type ReadableCheck = (repository: string) => Promise<boolean>;

/** A statement's `where` clause and its values (placeholders `$1`...). */
interface Where {
  sql: string;
  values: unknown[];
}

/**
 * An edge whose cursor is encoded only when asked for (most queries ask for `nodes` only).
 */
class IssueEdge {
  constructor(
    readonly node: Issue,
    private readonly field: IssueOrderField,
  ) {}

  get cursor(): string {
    const { node } = this;
    const value =
      this.field === 'COMMENTS'
        ? node.commentCount
        : this.field === 'UPDATED_AT'
          ? node.updatedAt
          : node.createdAt;
    return encodeCursor({ value, id: node.id });
  }
}

/**
 * Filtered, keyset-paginated issue lists in plain SQL (one statement per page, one more for
 * totalCount), and the single-issue reads. Written for PostgreSQL and CockroachDB alike: row
 * comparisons, `= any($n)` over arrays, `ilike`.
 */
export class IssueQuery {
  constructor(
    private readonly sql: SqlReader,
    /** Lists that span repositories leave out the ones the caller may not read. */
    private readonly readable: ReadableCheck = async () => true,
  ) {}

  /**
   * `withLabels`: each issue's labels come with it in the page's statement, so every field of
   * every issue resolves synchronously (no promise, no loader, no statement per issue).
   */
  async list(filter: IssueFilter, { withLabels = false } = {}): Promise<Page<ListedIssue>> {
    const first = validateFirst(filter.first);
    const field = filter.orderBy?.field ?? 'CREATED_AT';
    const direction = filter.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
    const column = `i.${ORDER_COLUMN[field]}`;
    const where = this.where(filter);
    if (!filter.repository) {
      const visible = await this.readableRepositories(where);
      where.values.push(visible);
      where.sql += ` and i.repository = any($${where.values.length}::varchar[])`;
    }
    const values = [...where.values];
    let sql = where.sql;
    if (filter.after) {
      const after = decodeCursor(filter.after, field === 'COMMENTS' ? 'number' : 'date');
      values.push(after.value, after.id);
      const op = direction === 'asc' ? '>' : '<';
      sql += ` and (${column}, i.id) ${op} ($${values.length - 1}, $${values.length}::uuid)`;
    }
    values.push(first + 1);
    const rows = await this.sql.rows<IssueRow & { labels?: LabelTuple[] }>(
      `select ${ISSUE_COLUMNS}${withLabels ? `, ${LABELS_COLUMN}` : ''}
         from issues i where ${sql}
        order by ${column} ${direction}, i.id ${direction} limit $${values.length}`,
      values,
    );
    const hasNextPage = rows.length > first;
    const nodes: ListedIssue[] = [];
    for (let n = 0; n < rows.length && n < first; n++) {
      const row = rows[n]!;
      const issue: ListedIssue = issueOf(row);
      if (row.labels) issue.labels = row.labels.map((label) => labelOfTuple(label, row.repository));
      nodes.push(issue);
    }
    let edges: IssueEdge[] | undefined;
    return {
      nodes,
      get edges() {
        return (edges ??= nodes.map((node) => new IssueEdge(node, field)));
      },
      hasNextPage,
      hasPreviousPage: Boolean(filter.after),
      totalCount: async () => {
        // A first page that holds every match counts itself (same snapshot, no statement).
        if (!filter.after && !hasNextPage) return nodes.length;
        const [row] = await this.sql.rows<{ count: string | number }>(
          `select count(*) as count from issues i where ${where.sql}`,
          where.values,
        );
        return Number(row?.count ?? 0);
      },
    };
  }

  /** The issue with this number in this repository, unchecked (the caller checks access). */
  async byNumber(repository: string, number: number): Promise<Issue | undefined> {
    const [row] = await this.sql.rows<IssueRow>(
      `select ${ISSUE_COLUMNS} from issues i where i.repository = $1 and i.number = $2`,
      [validateRepository('repository', repository), number],
    );
    return row && issueOf(row);
  }

  async labels(repository: string): Promise<Label[]> {
    const rows = await this.sql.rows<LabelRow>(
      'select id, repository, name, color, created_at from labels where repository = $1 order by name',
      [validateRepository('repository', repository)],
    );
    return rows.map(labelOf);
  }

  /** The repositories holding matching issues that the caller may read (one check each). */
  private async readableRepositories(where: Where): Promise<string[]> {
    const rows = await this.sql.rows<{ repository: string }>(
      `select distinct i.repository from issues i where ${where.sql}`,
      where.values,
    );
    const repositories = rows.map((r) => r.repository);
    const verdicts: boolean[] = [];
    for (let i = 0; i < repositories.length; i += 16) {
      verdicts.push(
        ...(await Promise.all(repositories.slice(i, i + 16).map((r) => this.readable(r)))),
      );
    }
    return repositories.filter((_, i) => verdicts[i]);
  }

  private where(filter: IssueFilter): Where {
    const values: unknown[] = [];
    const clauses: string[] = [];
    const add = (clause: (n: string) => string, value: unknown) => {
      values.push(value);
      clauses.push(clause(`$${values.length}`));
    };
    if (filter.repository) {
      add((n) => `i.repository = ${n}`, validateRepository('repository', filter.repository));
    }
    if (filter.state) add((n) => `i.state = ${n}`, filter.state);
    if (filter.author) add((n) => `i.author = ${n}`, filter.author);
    if (filter.assignee) {
      add(
        (n) => `i.id in (select ia.issue_id from issue_assignees ia where ia.login = ${n})`,
        filter.assignee,
      );
    }
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      add((n) => `(i.title ilike ${n} or i.body ilike ${n})`, pattern);
    }
    const labels = filter.labels ? validateLabels(filter.labels) : [];
    if (labels.length > 0) {
      // Issues carrying every one of the labels.
      values.push(labels, labels.length);
      clauses.push(
        `i.id in (select il.issue_id from issue_labels il join labels l on l.id = il.label_id
                   where l.name = any($${values.length - 1}::varchar[])
                   group by il.issue_id having count(*) = $${values.length})`,
      );
    }
    return { sql: clauses.length > 0 ? clauses.join(' and ') : 'true', values };
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';
import { IssueSchema, type Issue, type IssueState, type Label } from '../db/entities';
import { labelsOfRepository } from './labelStore';
import { decodeCursor, encodeCursor } from './cursor';
import { validateFirst, validateLabels, validateRepository } from './validation';

export type IssueOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS';
export type OrderDirection = 'ASC' | 'DESC';

export interface IssueFilter {
  repository?: string | null;
  state?: IssueState | null;
  labels?: readonly string[] | null;
  author?: string | null;
  search?: string | null;
  orderBy?: { field: IssueOrderField; direction: OrderDirection } | null;
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
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

/** Filtered, keyset-paginated issue lists: one statement per page, one more for totalCount. */
export class IssueQuery {
  constructor(
    private readonly em: EntityManager,
    /** Lists that span repositories leave out the ones the caller may not read. */
    private readonly readable: ReadableCheck = async () => true,
  ) {}

  async list(filter: IssueFilter): Promise<Page<Issue>> {
    const first = validateFirst(filter.first);
    const visible = filter.repository ? undefined : await this.readableRepositories(filter);
    const field = filter.orderBy?.field ?? 'CREATED_AT';
    const direction = filter.orderBy?.direction ?? 'DESC';
    const column = ORDER_COLUMN[field];
    const knex = this.em.getKnex();

    const filtered = () => {
      const qb = this.applyFilter(knex('issues as i'), filter);
      return visible ? qb.whereIn('i.repository', visible) : qb;
    };
    const page = filtered().select('i.*');
    if (filter.after) {
      const after = decodeCursor(filter.after, field === 'COMMENTS' ? 'number' : 'date');
      const op = direction === 'ASC' ? '>' : '<';
      page.whereRaw(`(i.${column}, i.id) ${op} (?, ?)`, [after.value, after.id]);
    }
    page
      .orderBy([
        { column: `i.${column}`, order: direction.toLowerCase() },
        { column: 'i.id', order: direction.toLowerCase() },
      ])
      .limit(first + 1);

    const rows = await this.em.execute<Record<string, unknown>[]>(page);
    const issues = rows.slice(0, first).map((row) => this.em.map(IssueSchema, row));
    return {
      edges: issues.map((issue) => ({
        node: issue,
        cursor: encodeCursor({
          value: field === 'COMMENTS' ? issue.commentCount : sortDate(issue, field),
          id: issue.id,
        }),
      })),
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(filter.after),
      totalCount: async () => {
        const [row] = await this.em.execute<{ count: string | number }[]>(
          filtered().count({ count: '*' }),
        );
        return Number(row?.count ?? 0);
      },
    };
  }

  /** The repositories holding matching issues that the caller may read (one check each). */
  private async readableRepositories(filter: IssueFilter): Promise<string[]> {
    const rows = await this.em.execute<{ repository: string }[]>(
      this.applyFilter(this.em.getKnex()('issues as i'), filter).distinct('i.repository'),
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

  async labels(repository: string): Promise<Label[]> {
    return labelsOfRepository(this.em.fork(), validateRepository('repository', repository));
  }

  private applyFilter(qb: Knex.QueryBuilder, filter: IssueFilter): Knex.QueryBuilder {
    if (filter.repository)
      qb.where('i.repository', validateRepository('repository', filter.repository));
    if (filter.state) qb.where('i.state', filter.state);
    if (filter.author) qb.where('i.author', filter.author);
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.where((w) => {
        void w.whereILike('i.title', pattern).orWhereILike('i.body', pattern);
      });
    }
    const labels = filter.labels ? validateLabels(filter.labels) : [];
    if (labels.length > 0) {
      // Issues carrying every one of the labels.
      qb.whereIn('i.id', (sub) => {
        void sub
          .select('il.issue_id')
          .from('issue_labels as il')
          .join('labels as l', 'l.id', 'il.label_id')
          .whereIn('l.name', labels)
          .groupBy('il.issue_id')
          .havingRaw('count(*) = ?', [labels.length]);
      });
    }
    return qb;
  }
}

function sortDate(issue: Issue, field: IssueOrderField): Date {
  return field === 'UPDATED_AT' ? issue.updatedAt : issue.createdAt;
}

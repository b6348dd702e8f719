import DataLoader from 'dataloader';
import type { Issue, Label } from '../db/entities';
import { ISSUE_COLUMNS, issueOf, type IssueRow } from '../read/issueRows';
import type { SqlReader } from '../read/SqlReader';
import { assigneesOfIssueIds } from './assigneeStore';
import { labelsOfIssueIds } from './labelStore';

export interface Loaders {
  labelsByIssue: DataLoader<string, Label[]>;
  openIssueCount: DataLoader<string, number>;
  issueById: DataLoader<string, Issue | null>;
  assigneesByIssue: DataLoader<string, string[]>;
}

/**
 * Per-request batching: a page of issues costs one statement per kind of data, not one per
 * issue. Plain SQL over arrays (`= any($1)`), so every batch size is the same prepared statement.
 */
export function createLoaders(sql: SqlReader): Loaders {
  return {
    labelsByIssue: new DataLoader(async (ids) => {
      const byIssue = await labelsOfIssueIds(sql, ids);
      return ids.map((id) => byIssue.get(id) ?? []);
    }),
    openIssueCount: new DataLoader(async (repositories) => {
      const rows = await sql.rows<{ repository: string; open: string | number }>(
        `select repository, count(*) as open from issues
          where state = 'OPEN' and repository = any($1::varchar[])
          group by repository`,
        [repositories],
      );
      const counts = new Map(rows.map((r) => [r.repository, Number(r.open)]));
      return repositories.map((r) => counts.get(r) ?? 0);
    }),
    issueById: new DataLoader(async (ids) => {
      const rows = await sql.rows<IssueRow>(
        `select ${ISSUE_COLUMNS} from issues i where i.id = any($1::uuid[])`,
        [ids],
      );
      const byId = new Map(rows.map((row) => [row.id, issueOf(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    assigneesByIssue: new DataLoader(async (ids) => {
      const byIssue = await assigneesOfIssueIds(sql, ids);
      return ids.map((id) => byIssue.get(id) ?? []);
    }),
  };
}
